package org.concoord.client;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;

/**
 * The client's half of exactly-once: its id, the next seq, the calls awaiting a final reply (by
 * seq), and what it may tell the replicas it holds ({@code ackedBelow}).
 *
 * <p>ackedBelow is the lowest outstanding seq (or the request's own seq if it is the lowest),
 * with one exception: until some reply proves the replicas hold a session for this client, every
 * request says 1, because a replica refuses a request from an unknown session whose ackedBelow is
 * above 1 (it might be a retry of a call whose session expired, and could run twice). The same
 * holds again after the replicas report the session expired: calls issued from then on start a
 * new session, and the older ones still outstanding are failed, their outcome unknown.
 *
 * <p>Thread-safe. Bounded: at most {@code outstandingMax} calls; a caller beyond it waits for room
 * until its deadline. Does no I/O.
 */
final class CallTable {
  private final long clientId;
  private final String bootstrap;
  private final ClientOptions options;
  private final ConcurrentSkipListMap<Long, PendingCall> outstanding =
      new ConcurrentSkipListMap<>();
  private final Semaphore room;
  private final Object sessionLock = new Object();
  // Guarded by sessionLock: seqs are drawn and registered under it, so that a session reset sees
  // every call issued before it.
  private long nextSeq = 1;
  private long sessionFirstSeq = 1;
  private boolean sessionConfirmed;
  private volatile boolean closed;

  CallTable(long clientId, String bootstrap, ClientOptions options) {
    this.clientId = clientId;
    this.bootstrap = bootstrap;
    this.options = options;
    this.room = new Semaphore(options.outstandingMax());
  }

  long clientId() {
    return clientId;
  }

  /**
   * Takes the next seq for {@code call}, waiting for room among the outstanding calls until
   * {@code deadlineNanos}.
   */
  PendingCall register(Call call, long startNanos, long deadlineNanos) {
    requireOpen();
    try {
      if (!room.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw new ConcoordTimeoutException("call '" + call.method() + "' found no room among the "
            + options.outstandingMax() + " outstanding requests of client " + clientId
            + " within " + options.callTimeout().toMillis() + " ms (bootstrap " + bootstrap
            + "); raise ClientOptions.outstandingMax or wait for replies");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConcoordException("interrupted while waiting for room for '" + call.method()
          + "' among the outstanding requests", e);
    }
    PendingCall pending;
    synchronized (sessionLock) {
      pending = new PendingCall(nextSeq++, call, startNanos, deadlineNanos);
      outstanding.put(pending.seq, pending);
    }
    if (closed) { // close() may have failed the others just before this one was put
      expire(pending, closedError());
      throw closedError();
    }
    return pending;
  }

  /** The request frame of {@code pending}'s next attempt, with the current ackedBelow. */
  byte[] frame(PendingCall pending) {
    ClientCommand command =
        new ClientCommand(clientId, pending.seq, ackedBelow(pending.seq), pending.call);
    return MessageCodec.encode(new ClientRequest(command));
  }

  long ackedBelow(long seq) {
    synchronized (sessionLock) {
      if (!sessionConfirmed && seq >= sessionFirstSeq) {
        return 1;
      }
    }
    Map.Entry<Long, PendingCall> lowest = outstanding.firstEntry();
    // A call that completed while this frame was built is no longer outstanding: never above seq.
    return lowest == null ? seq : Math.min(lowest.getKey(), seq);
  }

  /** A reply to {@code seq} came from execution: the replicas hold a session for this client. */
  void confirmSession(long seq) {
    synchronized (sessionLock) {
      if (seq >= sessionFirstSeq) {
        sessionConfirmed = true;
      }
    }
  }

  /**
   * The replicas refused {@code seq} because they dropped this client's session. If that is news
   * (the seq belongs to the current session), start a new one with the next seq and fail the
   * older outstanding calls: they may have run before the expiry, so sending them into the new
   * session could run them twice.
   */
  void sessionExpired(long seq) {
    synchronized (sessionLock) {
      if (seq < sessionFirstSeq) {
        return; // already known: this was an older call
      }
      sessionFirstSeq = nextSeq;
      sessionConfirmed = false;
    }
    long firstNew = sessionFirstSeq;
    for (PendingCall pending : outstanding.headMap(firstNew).values()) {
      if (pending.seq != seq) {
        expire(pending, new ConcoordSessionExpiredException("the replicas expired the session of client "
            + clientId + " while " + pending + " was outstanding; its outcome is unknown"));
      }
    }
  }

  PendingCall get(long seq) {
    return outstanding.get(seq);
  }

  Collection<PendingCall> values() {
    return outstanding.values();
  }

  boolean isEmpty() {
    return outstanding.isEmpty();
  }

  int size() {
    return outstanding.size();
  }

  /** Completes the call a final reply answers; false if it was not outstanding (a duplicate). */
  boolean finish(ClientReply reply) {
    PendingCall pending = outstanding.remove(reply.seq());
    if (pending == null) {
      return false;
    }
    room.release();
    pending.reply.complete(reply);
    return true;
  }

  /** Fails {@code pending} with {@code error} unless it completed meanwhile. */
  boolean expire(PendingCall pending, RuntimeException error) {
    if (!outstanding.remove(pending.seq, pending)) {
      return false;
    }
    room.release();
    pending.reply.completeExceptionally(error);
    return true;
  }

  /** Fails every call past its deadline. */
  void expireOverdue(long nowNanos) {
    for (PendingCall pending : outstanding.values()) {
      if (nowNanos - pending.deadlineNanos >= 0) {
        expire(pending, timeoutError(pending));
      }
    }
  }

  void failAll(Function<PendingCall, RuntimeException> error) {
    for (PendingCall pending : outstanding.values()) {
      expire(pending, error.apply(pending));
    }
  }

  ConcoordTimeoutException timeoutError(PendingCall pending) {
    Connection last = pending.connection;
    return new ConcoordTimeoutException("call " + pending + " of client " + clientId
        + " got no final reply within " + options.callTimeout().toMillis() + " ms from bootstrap "
        + bootstrap + " (" + pending.attempts + " attempt(s)"
        + (last == null ? ", none sent" : ", last to " + last.node())
        + (pending.blocked ? ", parked: answered BLOCKED" : "")
        + "); it may or may not have executed");
  }

  void close() {
    closed = true;
    failAll(pending -> closedError());
  }

  private ConcoordException closedError() {
    return new ConcoordException("client " + clientId + " (bootstrap " + bootstrap + ") is closed");
  }

  private void requireOpen() {
    if (closed) {
      throw closedError();
    }
  }
}
