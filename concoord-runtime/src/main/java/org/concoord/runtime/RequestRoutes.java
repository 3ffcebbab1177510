package org.concoord.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.concoord.core.message.Outcome;

/**
 * Where the replies to each client request go: the connection the request came on, by (client,
 * seq), never the connection a client id was last seen on. A request that names another client's id
 * (issue 13, review 6) gets the replies to that request only, on its own connection; the client's
 * own replies stay on the client's connections. A route goes with its final reply (a BLOCKED reply
 * is not final: the UNBLOCKED one follows on the same connection); a retry on a new connection
 * takes the route over. Bounded: past {@link #ROUTES_MAX} outstanding requests the oldest route is
 * forgotten, and that reply is dropped (the client's retry is answered from the reply cache).
 *
 * <p>Not thread-safe: the node thread's.
 */
final class RequestRoutes {
  /** Most requests remembered at once. */
  static final int ROUTES_MAX = 1 << 16;

  private record Key(long clientId, long seq) {}

  private final Map<Key, Connection> routes =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Connection> eldest) {
          return size() > ROUTES_MAX;
        }
      };

  /** Request {@code seq} of {@code clientId} came on {@code connection}. */
  void arrived(long clientId, long seq, Connection connection) {
    routes.put(new Key(clientId, seq), connection);
  }

  /** The connection for a reply to request {@code seq} of {@code clientId}, or null. */
  Connection routeOf(long clientId, long seq, Outcome outcome) {
    Key key = new Key(clientId, seq);
    return outcome == Outcome.BLOCKED ? routes.get(key) : routes.remove(key);
  }

  int size() {
    return routes.size();
  }
}
