package org.concoord.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;

/**
 * Forwards requests whose (clientId, seq, ackedBelow) someone else chose, such as an HTTP caller,
 * to the leader: one pipelined connection for all of them, following NOT_LEADER hints and resending
 * every outstanding request with its same seq after a failover, like the {@link ConcoordClient}'s
 * link. It keeps no session of its own: exactly-once is the reply cache's, for the ids the callers
 * give.
 *
 * <p>Bounded: at most {@code pendingMax} requests outstanding ({@link Status#FULL} past it). A
 * request two callers wait for at once (a resumed long poll) is sent once and answers both. Replies
 * of a client id go to the connection that last carried a request of that id: a caller must not use
 * the same id through another connection at the same time. Thread-safe.
 */
public final class Relay implements AutoCloseable, Connection.Listener {
  /** How a relayed request ended for the caller. */
  public enum Status {
    /** A final reply: OK, EXCEPTION, UNBLOCKED or REJECTED. */
    FINAL,
    /** Parked (BLOCKED) and still so when the wait ended: ask again with the same seq. */
    PARKED,
    /** No final reply within the wait and not known to be parked: outcome unknown. */
    UNAVAILABLE,
    /** Too many requests outstanding here; nothing was sent. */
    FULL
  }

  /** The result of {@link #call}: the reply for FINAL, else null. */
  public record Result(Status status, ClientReply reply, String why) {}

  private static final long TICK_MILLIS = 20;
  private static final long REQUEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long BACKOFF_MIN_MILLIS = 25;
  private static final long BACKOFF_MAX_MILLIS = 1000;
  private static final int CONNECT_MILLIS = 2000;

  private record Key(long clientId, long seq) {}

  private static final class Pending {
    final byte[] frame;
    final CompletableFuture<ClientReply> done = new CompletableFuture<>();
    volatile boolean blocked;
    volatile long sentNanos;
    volatile Connection sentOn;
    int waiters; // guarded by the relay's map (compute)

    Pending(byte[] frame) {
      this.frame = frame;
    }
  }

  private final List<NodeId> nodes;
  private final TlsCredentials tls;
  private final int pendingMax;
  private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
  private final Object failoverLock = new Object();
  private final Thread supervisor;
  private volatile Connection current;
  private volatile boolean closed;
  // Guarded by failoverLock.
  private boolean failoverWanted;
  private NodeId failoverHint;
  private long failoverNotBeforeNanos;
  private int failoversInARow;
  private int cursor;
  private volatile String lastFailure = "not connected yet";

  /**
   * @param nodes the replicas to try, in order (the first usually this process's own replica)
   * @param tls credentials for the native connections, or null for plaintext
   */
  public Relay(List<NodeId> nodes, TlsCredentials tls, int pendingMax) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a relay needs at least one node");
    }
    this.nodes = List.copyOf(nodes);
    this.tls = tls;
    this.pendingMax = pendingMax;
    this.supervisor = new Thread(this::supervise, "concoord-relay");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /**
   * Sends {@code command} (unless the same clientId and seq is already outstanding here) and waits
   * at most {@code waitNanos} for its final reply.
   */
  public Result call(ClientCommand command, long waitNanos) throws InterruptedException {
    Key key = new Key(command.clientId(), command.seq());
    if (!pending.containsKey(key) && pending.size() >= pendingMax) {
      return new Result(
          Status.FULL, null, pending.size() + " requests outstanding (limit " + pendingMax + ")");
    }
    byte[] frame = MessageCodec.encode(new ClientRequest(command));
    Pending[] fresh = new Pending[1];
    Pending entry =
        pending.compute(
            key,
            (k, old) -> {
              Pending p = old != null ? old : (fresh[0] = new Pending(frame));
              p.waiters++;
              return p;
            });
    try {
      if (fresh[0] == entry) {
        send(entry, current);
      }
      ClientReply reply = entry.done.get(waitNanos, TimeUnit.NANOSECONDS);
      return new Result(Status.FINAL, reply, null);
    } catch (TimeoutException e) {
      return entry.blocked
          ? new Result(Status.PARKED, null, "parked")
          : new Result(Status.UNAVAILABLE, null, lastFailure);
    } catch (ExecutionException e) {
      return new Result(Status.UNAVAILABLE, null, String.valueOf(e.getCause().getMessage()));
    } finally {
      pending.computeIfPresent(key, (k, p) -> p != entry || --p.waiters > 0 ? p : null);
    }
  }

  private void send(Pending entry, Connection target) {
    if (target == null) {
      wake();
      return;
    }
    entry.sentNanos = System.nanoTime();
    entry.blocked = false;
    entry.sentOn = target;
    try {
      target.send(entry.frame);
    } catch (IOException e) {
      requestFailover(target, null, false, "write to " + target.node() + " failed: " + e);
    }
  }

  @Override
  public void onReply(Connection from, ClientReply reply) {
    Pending entry = pending.get(new Key(reply.clientId(), reply.seq()));
    if (reply.outcome() == Outcome.NOT_LEADER) {
      NodeId hint = from.node().equals(reply.leaderHint()) ? null : reply.leaderHint();
      requestFailover(from, hint, hint == null, from.node() + " is not the leader");
      return;
    }
    synchronized (failoverLock) {
      if (from == current) {
        failoversInARow = 0;
      }
    }
    if (entry == null) {
      return; // nobody waits any more: a retry will be answered from the reply cache
    }
    if (reply.outcome() == Outcome.BLOCKED) {
      entry.blocked = true;
    } else {
      entry.done.complete(reply);
    }
  }

  @Override
  public void onClosed(Connection from, String why) {
    requestFailover(from, null, false, "lost " + from.node() + ": " + why);
  }

  private void requestFailover(Connection from, NodeId hint, boolean backOff, String why) {
    synchronized (failoverLock) {
      if (closed || from != current || failoverWanted) {
        return;
      }
      long delay =
          failoversInARow == 0 || (hint != null && failoversInARow < 3)
              ? 0
              : Math.min(
                  BACKOFF_MAX_MILLIS, BACKOFF_MIN_MILLIS << Math.min(failoversInARow - 1, 6));
      if (backOff) {
        delay = Math.max(delay, BACKOFF_MIN_MILLIS);
      }
      failoverWanted = true;
      failoverHint = hint;
      failoverNotBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
      failoversInARow++;
      lastFailure = why;
      failoverLock.notifyAll();
    }
  }

  private void wake() {
    synchronized (failoverLock) {
      failoverLock.notifyAll();
    }
  }

  private void supervise() {
    while (!closed) {
      try {
        NodeId hint;
        synchronized (failoverLock) {
          failoverLock.wait(TICK_MILLIS);
          boolean due = failoverWanted && System.nanoTime() - failoverNotBeforeNanos >= 0;
          boolean needed = current == null && !pending.isEmpty();
          if (closed || (!due && !needed)) {
            hint = null;
            if (!failoverWanted) {
              checkAttempts();
            }
            continue;
          }
          hint = failoverHint;
          failoverWanted = false;
          failoverHint = null;
        }
        reconnect(hint);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastFailure = "relay supervisor: " + e;
      }
    }
  }

  /** Resends what missed the current connection; fails over from a silent node. */
  private void checkAttempts() {
    Connection target = current;
    if (target == null) {
      return;
    }
    long now = System.nanoTime();
    for (Pending entry : pending.values()) {
      if (entry.sentOn != target) {
        send(entry, target);
      } else if (!entry.blocked && now - entry.sentNanos > REQUEST_TIMEOUT_NANOS) {
        failoverWanted = true; // under failoverLock (called from supervise)
        failoverNotBeforeNanos = now;
        lastFailure = "no reply from " + target.node() + " within 2 s";
        return;
      }
    }
  }

  private void reconnect(NodeId hint) {
    Connection old = current;
    current = null;
    if (old != null) {
      old.close();
    }
    Connection next = null;
    for (int i = -1; i < nodes.size() && next == null && !closed; i++) {
      NodeId node;
      if (i < 0) {
        if (hint == null) {
          continue;
        }
        node = hint;
      } else {
        node = nodes.get(cursor++ % nodes.size());
      }
      try {
        next = Connection.open(node, CONNECT_MILLIS, null, tls, this, "concoord-relay-" + node);
      } catch (IOException | RuntimeException e) {
        lastFailure = "cannot connect to " + node + ": " + e.getMessage();
      }
    }
    if (next == null) {
      synchronized (failoverLock) {
        failoverWanted = true;
        failoverNotBeforeNanos =
            System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(
                    Math.min(BACKOFF_MAX_MILLIS, 100L << Math.min(failoversInARow++, 4)));
      }
      return;
    }
    current = next;
    if (next.isClosed()) {
      requestFailover(next, null, true, next.node() + " closed the connection at once");
    }
    for (Pending entry : pending.values()) {
      send(entry, next);
    }
  }

  /** The node of the current connection, or null. */
  /**
   * Opens a watch (issue 21) of {@code call} for an HTTP caller whose principal is {@code
   * principal}, on a watch connection of its own to these nodes; its values arrive encoded.
   * Cancelling the watch closes that connection.
   */
  public Watch watch(String principal, Call call, WatchListener<byte[]> listener) {
    BootstrapResolver resolver =
        new BootstrapResolver() {
          @Override
          public List<NodeId> nodes() {
            return nodes;
          }

          @Override
          public String describe() {
            return "relay " + nodes;
          }
        };
    ClientOptions options =
        tls == null ? ClientOptions.defaults().insecure() : ClientOptions.defaults().withTls(tls);
    long id = new java.security.SecureRandom().nextLong() | 1;
    WatchSession session = new WatchSession(resolver, options, id, principal);
    Watch watch =
        session.open(
            call,
            org.concoord.core.message.WatchRequest.Mode.VALUE,
            0,
            event -> ClientWatches.deliverRaw(listener, event));
    return new Watch() {
      @Override
      public long lastSlot() {
        return watch.lastSlot();
      }

      @Override
      public boolean isActive() {
        return watch.isActive();
      }

      @Override
      public void cancel() {
        watch.cancel();
        session.close();
      }
    };
  }

  public NodeId currentNode() {
    Connection c = current;
    return c == null ? null : c.node();
  }

  @Override
  public void close() {
    closed = true;
    supervisor.interrupt();
    Connection c = current;
    current = null;
    if (c != null) {
      c.close();
    }
    for (Pending entry : pending.values()) {
      entry.done.completeExceptionally(new ConcoordException("the relay is closed"));
    }
  }
}
