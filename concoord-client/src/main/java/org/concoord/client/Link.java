package org.concoord.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.concoord.core.NodeId;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;

/**
 * Keeps the client's one connection to the leader and moves requests over it: sends each new
 * call, routes replies to the {@link CallTable}, and fails over. A failover closes the current
 * connection, connects to the hinted leader or the next node of the bootstrap, and resends every
 * outstanding call with its same seq (the replicas' reply cache makes that safe).
 *
 * <p>Failover happens on NOT_LEADER (to the hint; without one, to the next node after a short
 * backoff), on a lost connection, and when an attempt gets no reply within the request timeout.
 * A call answered BLOCKED is parked, not lost: it waits without resending, unless the connection
 * changes. Failovers in a row back off exponentially (up to {@link #BACKOFF_MAX_NANOS}), so two
 * nodes naming each other as leader cannot make the client spin.
 *
 * <p>One supervisor thread does the connecting, the resending and the timing (deadlines, attempt
 * timeouts); reader threads and callers only ask it for a failover. Thread-safe.
 */
final class Link implements Connection.Listener {
  private static final long TICK_NANOS_MAX = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long BACKOFF_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  private static final long BACKOFF_MAX_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Leader hints followed at once in a row; past that, hints wait out the backoff too. */
  private static final int HINTS_FOLLOWED_AT_ONCE = 3;

  private static final System.Logger LOG = System.getLogger(Link.class.getName());

  private final CallTable calls;
  private final BootstrapResolver resolver;
  private final ClientOptions options;
  private final String threadPrefix;
  private final long tickNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  // Guarded by lock: the failover the supervisor is to do next.
  private boolean failoverWanted;
  private NodeId failoverHint;
  private long failoverNotBeforeNanos;
  private volatile int failoversInARow; // read without the lock by settled()

  private volatile Connection connection;
  private volatile boolean closed;
  /** Index in the bootstrap list of the node a pass starts with. Supervisor thread only. */
  private int cursor;

  Link(CallTable calls, BootstrapResolver resolver, ClientOptions options) {
    this.calls = calls;
    this.resolver = resolver;
    this.options = options;
    this.threadPrefix = "concoord-client-" + Long.toHexString(calls.clientId());
    this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(TICK_NANOS_MAX, options.requestTimeout().toNanos() / 4));
  }

  /** Connects to the first reachable node and starts the supervisor. */
  void start() {
    Connection first = connectPass(null);
    connection = first;
    reportIfClosed(first);
    Thread supervisor = new Thread(this::supervise, threadPrefix + "-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /** Sends a newly registered call (its first frame already encoded) if there is a connection. */
  void send(PendingCall pending, byte[] frame) {
    Connection current = connection;
    if (current == null) {
      signal(); // a failover is under way or due: the supervisor sends it once connected
      return;
    }
    attempt(pending, current, frame);
  }

  private void attempt(PendingCall pending, Connection target, byte[] frame) {
    // Written before the connection field, which the supervisor reads first (see checkAttempts).
    pending.sentNanos = System.nanoTime();
    pending.blocked = false;
    pending.attempts++;
    pending.connection = target;
    try {
      target.send(frame != null ? frame : calls.frame(pending));
    } catch (IOException e) {
      requestFailover(target, null, false, "write to " + target.node() + " failed: " + e);
    }
  }

  // ---- replies (reader threads) ----------------------------------------------------------------

  @Override
  public void onReply(Connection from, ClientReply reply) {
    if (reply.clientId() != calls.clientId()) {
      return; // not ours: a node must not send it, and it completes nothing
    }
    Outcome outcome = reply.outcome();
    if (outcome == Outcome.NOT_LEADER) {
      NodeId hint = from.node().equals(reply.leaderHint()) ? null : reply.leaderHint();
      requestFailover(from, hint, hint == null, from.node() + " is not the leader"
          + (hint == null ? " and knows none" : "; it names " + hint));
      return;
    }
    settled(from);
    if (outcome == Outcome.BLOCKED) {
      PendingCall pending = calls.get(reply.seq());
      if (pending != null && pending.connection == from) {
        pending.blocked = true;
      }
      calls.confirmSession(reply.seq());
      return;
    }
    if (outcome == Outcome.REJECTED) {
      if (Refusal.decode(reply.payload()).reason() == Reason.SESSION_EXPIRED) {
        calls.sessionExpired(reply.seq());
      }
    } else {
      calls.confirmSession(reply.seq());
    }
    calls.finish(reply);
  }

  @Override
  public void onClosed(Connection from, String why) {
    requestFailover(from, null, false, "lost the connection to " + from.node() + ": " + why);
  }

  /** A reply that is not NOT_LEADER: the node we are on is serving us, so stop backing off. */
  private void settled(Connection from) {
    if (from == connection && failoversInARow != 0) {
      lock.lock();
      try {
        failoversInARow = 0;
      } finally {
        lock.unlock();
      }
    }
  }

  // ---- failover ---------------------------------------------------------------------------------

  /**
   * Asks the supervisor to leave {@code from} (if it is still the current connection and not
   * already being left): for {@code hint} if given, else for the next node.
   */
  private void requestFailover(Connection from, NodeId hint, boolean backOff, String why) {
    lock.lock();
    try {
      if (closed || from != connection || failoverWanted) {
        return; // stale news about a connection already left, or a failover already due
      }
      long delay = backoffNanos(failoversInARow, hint != null);
      failoverWanted = true;
      failoverHint = hint;
      failoverNotBeforeNanos = System.nanoTime() + (backOff ? Math.max(delay, BACKOFF_MIN_NANOS)
          : delay);
      failoversInARow++;
      wake.signal();
    } finally {
      lock.unlock();
    }
    LOG.log(System.Logger.Level.DEBUG, "{0}: failing over: {1}", threadPrefix, why);
  }

  static long backoffNanos(int failoversInARow, boolean hinted) {
    if (failoversInARow == 0 || (hinted && failoversInARow < HINTS_FOLLOWED_AT_ONCE)) {
      return 0;
    }
    return Math.min(BACKOFF_MAX_NANOS, BACKOFF_MIN_NANOS << Math.min(failoversInARow - 1, 6));
  }

  private void supervise() {
    while (!closed) {
      try {
        awaitWork();
        calls.expireOverdue(System.nanoTime());
        if (!closed && !maybeFailover()) {
          checkAttempts(System.nanoTime());
        }
      } catch (RuntimeException e) {
        // A bug here must not end failover for good: report it and keep supervising.
        LOG.log(System.Logger.Level.ERROR, threadPrefix + ": supervisor step failed", e);
      }
    }
  }

  private void awaitWork() {
    lock.lock();
    try {
      long wait = failoverWanted
          ? Math.min(tickNanos, failoverNotBeforeNanos - System.nanoTime()) : tickNanos;
      if (wait > 0 && !closed) {
        wake.awaitNanos(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only close() interrupts; the loop sees closed
    } finally {
      lock.unlock();
    }
  }

  /**
   * Does the failover that is due, if any: connect, then resend everything outstanding. Returns
   * false if there is none, wanted or due: only then is the current connection worth checking.
   */
  private boolean maybeFailover() {
    NodeId hint;
    Connection old;
    lock.lock();
    try {
      if (failoverWanted && System.nanoTime() - failoverNotBeforeNanos < 0) {
        return true; // backing off: nothing to send to the node being left
      }
      if (!failoverWanted && (connection != null || calls.isEmpty())) {
        return false;
      }
      hint = failoverHint;
      failoverWanted = false;
      failoverHint = null;
      old = connection;
      connection = null;
    } finally {
      lock.unlock();
    }
    if (old != null) {
      old.close();
    }
    Connection next;
    try {
      next = connectPass(hint);
    } catch (ConcoordUnavailableException e) {
      calls.failAll(pending -> new ConcoordUnavailableException(
          "call " + pending + ": " + e.getMessage() + "; it may or may not have executed", e));
      return true;
    }
    if (closed) {
      next.close();
      return true;
    }
    connection = next; // before the resend loop: a call registered from now on sends itself
    reportIfClosed(next);
    for (PendingCall pending : calls.values()) {
      attempt(pending, next, null);
    }
    return true;
  }

  /**
   * The reader may have seen the end of {@code fresh} before it became the current connection,
   * when its report was ignored as stale news; report it again now.
   */
  private void reportIfClosed(Connection fresh) {
    if (fresh.isClosed()) {
      requestFailover(fresh, null, false, fresh.node() + " closed the connection at once");
    }
  }

  /**
   * Sends calls that missed the current connection (registered during a failover), and fails
   * over if an attempt that is not parked has waited longer than the request timeout.
   */
  private void checkAttempts(long nowNanos) {
    Connection current = connection;
    if (current == null) {
      return;
    }
    for (PendingCall pending : calls.values()) {
      long timeout = attemptTimeoutNanos(pending);
      if (pending.connection != current) {
        attempt(pending, current, null);
      } else if (!pending.blocked && nowNanos - pending.sentNanos > timeout) {
        requestFailover(current, null, false, "no reply to " + pending + " from "
            + current.node() + " within " + timeout / 1_000_000 + " ms");
        return;
      }
    }
  }

  /**
   * Bytes of arguments per second a loaded instance is assumed to take at the least (sent, logged
   * by every acceptor, executed): an attempt of a large call waits longer by their time.
   */
  static final long ARGS_BYTES_PER_SECOND = 4L << 20;

  /**
   * How long one attempt of {@code pending} waits: the request timeout, plus a second per {@link
   * #ARGS_BYTES_PER_SECOND} of its arguments. A 15 MiB call retried every 2 s to another node
   * became a new 15 MiB proposal at each leader it reached, all held by the acceptors at once.
   */
  private long attemptTimeoutNanos(PendingCall pending) {
    return options.requestTimeout().toNanos()
        + pending.call.args().length * 1_000_000_000L / ARGS_BYTES_PER_SECOND;
  }

  /**
   * One pass over the nodes, the hint first, then the bootstrap from the cursor on; each node
   * gets an equal share of what is left of the connect timeout. If all fail and the resolver then
   * names other nodes, one more pass over those.
   *
   * @throws ConcoordUnavailableException if no node accepted a connection
   */
  private Connection connectPass(NodeId hint) {
    try {
      return connectPassOver(hint);
    } catch (ConcoordUnavailableException e) {
      // Every node named failed: a naming service may know newer ones (nodes replaced).
      if (closed || !resolver.refresh()) {
        throw e;
      }
      return connectPassOver(null);
    }
  }

  private Connection connectPassOver(NodeId hint) {
    List<NodeId> nodes = resolver.nodes();
    Set<NodeId> order = new LinkedHashSet<>();
    if (hint != null) {
      order.add(hint);
    }
    for (int i = 0; i < nodes.size(); i++) {
      order.add(nodes.get((cursor + i) % nodes.size()));
    }
    long passStart = System.nanoTime();
    long budget = options.connectTimeout().toNanos();
    List<String> failures = new ArrayList<>();
    int left = order.size();
    for (NodeId node : order) {
      long remaining = budget - (System.nanoTime() - passStart);
      if (closed || remaining <= 0) {
        break;
      }
      int shareMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining / left--));
      try {
        Connection opened =
            Connection.open(node, shareMillis, options.localAddress(), options.tls(), this,
                threadPrefix + "-reader-" + node);
        int index = nodes.indexOf(node);
        if (index >= 0) {
          cursor = (index + 1) % nodes.size(); // the next failover starts after this node
        }
        return opened;
      } catch (IOException | IllegalArgumentException e) {
        failures.add(node + ": " + e.getMessage());
      }
      calls.expireOverdue(System.nanoTime());
    }
    throw new ConcoordUnavailableException("no node of bootstrap " + resolver.describe()
        + " accepted a connection within " + options.connectTimeout().toMillis() + " ms "
        + (!failures.isEmpty() ? failures.toString()
            : closed ? "(the client is closed)" : "(the resolver named no node)"));
  }

  /** The node of the current connection, or null while failing over. */
  NodeId currentNode() {
    Connection current = connection;
    return current == null ? null : current.node();
  }

  private void signal() {
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    Connection current;
    lock.lock();
    try {
      closed = true;
      current = connection;
      connection = null;
      wake.signal();
    } finally {
      lock.unlock();
    }
    if (current != null) {
      current.close();
    }
  }
}
