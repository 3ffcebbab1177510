package org.concoord.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;

/**
 * Where each watch's events go (issue 21): the connection its latest {@code WatchRequest} came on,
 * by (client, watch). A client that reconnects takes its watches over on the new connection; when a
 * connection closes, the watches still routed to it end (the replica is told). Bounded: {@link
 * #PER_CONNECTION_MAX} watches a connection, {@link #ROUTES_MAX} in all.
 *
 * <p>A slow watcher's values are coalesced: while its connection has more than {@link
 * #COALESCE_ABOVE_BYTES} queued, a value event waits in the connection's pending map, one per
 * watch, each replacing the one before (the latest value is what matters, and it is always
 * delivered); pending bytes count against the connection's output bound. Write-stream events are
 * never coalesced: past the bound the connection closes and the client resumes from its slot.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class WatchRoutes {
  /** Most watches one connection may hold. */
  static final int PER_CONNECTION_MAX = 10_000;

  /** Most watches routed at once. */
  static final int ROUTES_MAX = 200_000;

  /** Queued bytes past which a connection's value events are coalesced. */
  static final long COALESCE_ABOVE_BYTES = 256 << 10;

  record Key(long clientId, long watchId) {
    static Key of(WatchEvent event) {
      return new Key(event.clientId(), event.watchId());
    }
  }

  private final Map<Key, Connection> routes = new LinkedHashMap<>();

  /** Routes watch {@code key} to {@code connection}; a refusal, or null if routed. */
  Refusal open(Key key, Connection connection) {
    Connection before = routes.get(key);
    if (before != connection) {
      if (connection.watches.size() >= PER_CONNECTION_MAX) {
        return new Refusal(
            Reason.LIMIT, "this connection holds " + PER_CONNECTION_MAX + " watches, its bound");
      }
      if (before == null && routes.size() >= ROUTES_MAX) {
        return new Refusal(
            Reason.TRY_ANOTHER_REPLICA,
            "this node routes " + ROUTES_MAX + " watches, its bound; try another replica");
      }
      if (before != null) {
        before.watches.remove(key);
        dropPending(before, key);
      }
    }
    routes.put(key, connection);
    connection.watches.add(key);
    return null;
  }

  Connection routeOf(Key key) {
    return routes.get(key);
  }

  /** Watch {@code key} ended: its route goes. */
  void ended(Key key) {
    Connection connection = routes.remove(key);
    if (connection != null) {
      connection.watches.remove(key);
      dropPending(connection, key);
    }
  }

  /** {@code connection} closed: the watches routed to it, which now end. */
  List<Key> closed(Connection connection) {
    List<Key> gone = new ArrayList<>();
    for (Object watch : connection.watches) {
      Key key = (Key) watch;
      if (routes.get(key) == connection) {
        routes.remove(key);
        gone.add(key);
      }
    }
    connection.watches.clear();
    connection.pendingWatch.clear();
    connection.pendingWatchBytes = 0;
    return gone;
  }

  int size() {
    return routes.size();
  }

  /** Whether {@code event}'s frame must wait, coalesced, rather than be queued now. */
  static boolean mustWait(Connection connection, WatchEvent event) {
    boolean value =
        event.kind() == WatchEvent.Kind.VALUE
            || event.kind() == WatchEvent.Kind.CURRENT
            || event.kind() == WatchEvent.Kind.EXCEPTION;
    return value
        && (connection.outputBytes > COALESCE_ABOVE_BYTES
            || connection.pendingWatch.containsKey(Key.of(event)));
  }

  /** Keeps {@code frame} as the latest pending value of its watch; the pending bytes now. */
  static long hold(Connection connection, WatchEvent event, byte[] frame) {
    byte[] replaced = connection.pendingWatch.put(Key.of(event), frame);
    connection.pendingWatchBytes += frame.length - (replaced == null ? 0 : replaced.length);
    return connection.pendingWatchBytes;
  }

  /** The pending frames to queue now that the connection's queue is short, oldest watch first. */
  static List<byte[]> release(Connection connection) {
    if (connection.pendingWatch.isEmpty() || connection.outputBytes > COALESCE_ABOVE_BYTES / 2) {
      return List.of();
    }
    List<byte[]> frames = new ArrayList<>(connection.pendingWatch.values());
    connection.pendingWatch.clear();
    connection.pendingWatchBytes = 0;
    return frames;
  }

  private static void dropPending(Connection connection, Key key) {
    byte[] frame = connection.pendingWatch.remove(key);
    if (frame != null) {
      connection.pendingWatchBytes -= frame.length;
    }
  }
}
