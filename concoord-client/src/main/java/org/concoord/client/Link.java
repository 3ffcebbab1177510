package org.concoord.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.session.ClientSession;
import org.concoord.core.session.SessionConfig;
import org.concoord.core.session.SessionEffects;

/**
 * Drives the core's {@link ClientSession} (seqs, ackedBelow, session confirmation, leader
 * following, resends and backoff: docs/client.md) on threads and one TCP connection at a time, plus
 * the {@link SideLinks} its sequential and bounded reads may go to: callers start calls, reader
 * threads hand in replies and lost connections, and a supervisor thread ticks the session every
 * {@value #TICK_MILLIS} ms, connects where it asks to move, and fails calls past their deadline.
 * The session is used under one lock; its effects are done after the lock is released (a write may
 * block), sends only on the connection to the node they name.
 *
 * <p>Bounded: at most {@code outstandingMax} calls; a caller beyond it waits for room until its
 * deadline. Thread-safe.
 */
final class Link implements Connection.Listener {
  /** The session's tick: its timeouts and backoffs are counted in these. */
  static final long TICK_MILLIS = 10;

  private static final System.Logger LOG = System.getLogger(Link.class.getName());

  private final ClientSession session; // guarded by lock
  private final SessionEffects out = new SessionEffects(); // guarded by lock
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
  private final Semaphore room;
  private final String threadPrefix;
  private final Connector connector;
  private final SideLinks sides;
  private final CallFailures failures;
  private final long startNanos = System.nanoTime();

  /** The move the supervisor is to make next, or null; guarded by lock. */
  private SessionEffects.Move moveWanted;

  private volatile Connection connection;
  private volatile boolean closed;

  Link(long clientId, BootstrapResolver resolver, ClientOptions options) {
    this.failures = new CallFailures(this::clientId, resolver.describe(), options);
    this.room = new Semaphore(options.outstandingMax());
    this.threadPrefix = "concoord-client-" + Long.toHexString(clientId);
    this.session =
        new ClientSession(
            clientId, SessionConfig.of(options.requestTimeout().toMillis(), TICK_MILLIS), Set.of());
    this.connector = new Connector(resolver, options, this, threadPrefix, () -> closed);
    this.sides =
        new SideLinks(
            resolver, options, this, threadPrefix, node -> drive(s -> s.onSideConnected(node)));
  }

  long clientId() {
    return session.clientId();
  }

  /** Connects to the first reachable node and starts the supervisor. */
  void start() {
    Connection first = connector.connect(null, () -> {});
    connected(first);
    Thread supervisor = new Thread(this::supervise, threadPrefix + "-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /**
   * Starts {@code call}, waiting for room among the outstanding calls until {@code deadlineNanos};
   * the reply arrives in its future.
   */
  PendingCall submit(Call call, ReadMode readMode, long deadlineNanos) {
    if (closed) {
      throw failures.closed();
    }
    try {
      if (!room.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw failures.noRoom(call);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.interruptedWaitingForRoom(call, e);
    }
    if (readMode.anyReplica()) {
      sides.want(); // any node may answer it: reach them all
    }
    PendingCall pending;
    List<SessionEffects.Effect> effects;
    lock.lock();
    try {
      if (closed) {
        room.release();
        throw failures.closed();
      }
      long seq = session.start(call, readMode, out);
      pending = new PendingCall(seq, call, deadlineNanos);
      calls.put(seq, pending);
      effects = take();
    } finally {
      lock.unlock();
    }
    apply(effects);
    return pending;
  }

  // ---- inputs from the reader threads -----------------------------------------------------------

  @Override
  public void onReply(Connection from, ClientReply reply) {
    // Only an open connection's NOT_LEADER and BLOCKED count; a final reply counts anyway.
    boolean open = from == connection || sides.isSide(from);
    drive(s -> s.onReply(open ? from.node() : null, reply, out));
  }

  @Override
  public void onClosed(Connection from, String why) {
    disconnected(from, "lost the connection to " + from.node() + ": " + why);
  }

  private void disconnected(Connection from, String why) {
    if (sides.lost(from)) {
      drive(s -> s.onSideLost(from.node(), out));
      return;
    }
    drive(
        s -> {
          if (from == connection) { // else stale news about a connection already left
            s.onDisconnected(why, out);
          }
        });
  }

  /** Runs {@code input} on the session under the lock, then does its effects. */
  private void drive(Consumer<ClientSession> input) {
    List<SessionEffects.Effect> effects;
    lock.lock();
    try {
      input.accept(session);
      effects = take();
    } finally {
      lock.unlock();
    }
    apply(effects);
  }

  // ---- effects ----------------------------------------------------------------------------------

  private List<SessionEffects.Effect> take() { // under the lock
    List<SessionEffects.Effect> effects = new ArrayList<>(out.list());
    out.clear();
    return effects;
  }

  /** Does what the session asked, outside its lock. */
  private void apply(List<SessionEffects.Effect> effects) {
    for (SessionEffects.Effect effect : effects) {
      if (effect instanceof SessionEffects.Send send) {
        send(send);
      } else if (effect instanceof SessionEffects.Move move) {
        wantMove(move);
      } else if (effect instanceof SessionEffects.Complete done) {
        PendingCall pending = remove(done.id());
        if (pending != null) {
          pending.reply.complete(done.reply());
        }
      } else if (effect instanceof SessionEffects.Fail failed) {
        PendingCall pending = remove(failed.id());
        if (pending != null) {
          pending.reply.completeExceptionally(failures.failed(pending, failed));
        }
      }
    }
  }

  private void wantMove(SessionEffects.Move move) {
    lock.lock();
    try {
      moveWanted = move;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void send(SessionEffects.Send send) {
    Connection main = connection;
    Connection target =
        main != null && main.node().equals(send.target())
            ? main
            : sides.get(send.target()); // a read any node may answer
    if (target == null) {
      return; // the session has moved on: it resends on the next connection
    }
    byte[] frame;
    try {
      frame = MessageCodec.encode(send.request());
    } catch (IllegalArgumentException e) { // over the frame bound, or a method name not UTF-8
      PendingCall pending = calls.get(send.request().command().seq());
      if (pending != null) {
        expire(pending, failures.cannotBeSent(pending, e));
      }
      return;
    }
    try {
      target.send(frame);
    } catch (IOException e) {
      disconnected(target, "write to " + target.node() + " failed: " + e);
    }
  }

  private PendingCall remove(long seq) {
    PendingCall pending = calls.remove(seq);
    if (pending != null) {
      room.release();
    }
    return pending;
  }

  /** Fails {@code pending} with {@code error} unless it completed meanwhile. */
  boolean expire(PendingCall pending, RuntimeException error) {
    lock.lock();
    try {
      if (!session.abandon(pending.seq)) {
        return false;
      }
    } finally {
      lock.unlock();
    }
    if (remove(pending.seq) == null) {
      return false;
    }
    pending.reply.completeExceptionally(error);
    return true;
  }

  /** The timeout of {@code pending}, naming the bootstrap, the wait and its attempts. */
  ConcoordTimeoutException timeoutError(PendingCall pending) {
    String attempts;
    lock.lock();
    try {
      attempts = session.describe(pending.seq);
    } finally {
      lock.unlock();
    }
    return failures.timeout(pending, attempts);
  }

  /** Fails every call past its deadline. */
  void expireOverdue(long nowNanos) {
    for (PendingCall pending : calls.values()) {
      if (nowNanos - pending.deadlineNanos >= 0) {
        expire(pending, timeoutError(pending));
      }
    }
  }

  // ---- the supervisor ---------------------------------------------------------------------------

  private void supervise() {
    while (!closed) {
      try {
        awaitWork();
        expireOverdue(System.nanoTime());
        if (!closed && !maybeMove()) {
          tick();
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
      if (moveWanted == null && !closed) {
        wake.await(TICK_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only close() interrupts; the loop sees closed
    } finally {
      lock.unlock();
    }
  }

  private void tick() {
    long ticks = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) / TICK_MILLIS;
    drive(s -> s.onTick(ticks, out));
  }

  /** Makes the move the session asked for, if any: leave, connect, tell the session. */
  private boolean maybeMove() {
    SessionEffects.Move move;
    Connection old;
    lock.lock();
    try {
      if (moveWanted == null) {
        return false;
      }
      move = moveWanted;
      moveWanted = null;
      old = connection;
      connection = null;
    } finally {
      lock.unlock();
    }
    LOG.log(System.Logger.Level.DEBUG, "{0}: failing over: {1}", threadPrefix, move.why());
    if (old != null) {
      old.close();
    }
    Connection next;
    try {
      next = connector.connect(move.hint(), () -> expireOverdue(System.nanoTime()));
    } catch (ConcoordUnavailableException e) {
      drive(s -> s.onUnreachable(e.getMessage(), out));
      return true;
    }
    if (closed) {
      next.close();
      return true;
    }
    connected(next);
    return true;
  }

  private void connected(Connection next) {
    drive(
        s -> {
          connection = next; // before the resends: a call started from now on sends itself
          s.onConnected(next.node(), out);
        });
    if (next.isClosed()) {
      // The reader may have seen its end before it became current, when the news was stale.
      disconnected(next, next.node() + " closed the connection at once");
    }
  }

  /** The node of the current connection, or null while failing over. */
  NodeId currentNode() {
    Connection current = connection;
    return current == null ? null : current.node();
  }

  int outstanding() {
    return calls.size();
  }

  /** Closes the connection and fails every outstanding call; idempotent. */
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
    sides.close();
    if (current != null) {
      current.close();
    }
    for (PendingCall pending : calls.values()) {
      expire(pending, failures.closed());
    }
  }
}
