package org.concoord.core.sync;

import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A mutual-exclusion lock owned by a client, the counterpart of the original's {@code DLock}.
 * {@code acquire} returns at once when the lock is free and otherwise parks the call until a {@code
 * release} hands the lock over, first come first served. Every grant returns a fencing token,
 * larger than any token granted before, so that a resource guarded by the lock can refuse a stale
 * holder (one whose session expired while it still thought it held the lock). Not reentrant:
 * acquiring a lock the same client already holds is an error rather than a deadlock. Only the
 * holder may release; a holder whose session expires releases the lock, and the client's waiting
 * acquires are dropped.
 *
 * <p>Use it as an object (the library's {@code Lock} extends it) or in a field. Every public method
 * is one a client may call. Plain data; not thread-safe; reads no clock.
 */
public class FencedLock implements SessionAware {
  private Long holder;
  private long token;
  private final WaitQueue waiters = new WaitQueue();

  /** Acquires the lock, waiting for it if another client holds it; returns the fencing token. */
  public long acquire(Caller caller) {
    if (holder == null) {
      holder = caller.clientId();
      return ++token;
    }
    if (holder == caller.clientId()) {
      throw new IllegalStateException("client " + holder + " already holds the lock");
    }
    waiters.park(caller);
    return 0; // ignored: the reply is the token the hand-over resumes it with
  }

  public void release(Caller caller) {
    checkHolder(caller.clientId());
    handOver();
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return holder;
  }

  /** The fencing token of the current (or, when free, the last) grant; 0 before any grant. */
  public long token() {
    return token;
  }

  @Override
  public void sessionExpired(long clientId) {
    waiters.sessionExpired(clientId);
    if (holds(clientId)) {
      handOver();
    }
  }

  boolean holds(long clientId) {
    return holder != null && holder == clientId;
  }

  void checkHolder(long clientId) {
    if (!holds(clientId)) {
      throw new IllegalStateException("client " + clientId + " does not hold the lock");
    }
  }

  /** Queues a call parked elsewhere (a signalled awaiter of a condition) for the lock. */
  void enqueue(Waiter waiter) {
    waiters.add(waiter);
  }

  /** How many calls wait for the lock. */
  int waiting() {
    return waiters.size();
  }

  /** Gives the lock to the oldest waiter still waiting, with a new token, or frees it. */
  void handOver() {
    Waiter next = waiters.poll();
    holder = next == null ? null : next.clientId();
    if (next != null) {
      next.call().resume(++token);
    }
  }

  @Override
  public String toString() {
    return holder != null
        ? getClass().getSimpleName()
            + " held by client "
            + holder
            + ", "
            + waiters.size()
            + " waiting"
        : getClass().getSimpleName() + " free";
  }
}
