package org.concoord.core.sync;

import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A lock with one condition, Mesa style, the counterpart of the original's {@code DCondition}. The
 * holder of the lock may {@code await}: that releases the lock and parks the caller until a {@code
 * signal} moves it to the lock's queue, and it returns when the lock is handed back to it, with a
 * new fencing token. {@code acquire} and the await's return both give fencing tokens, larger than
 * any granted before.
 *
 * <p>The original lost a waiter whenever its await's release of the lock woke another client; here
 * parking and handing the lock over are independent steps, so every awaiting client is either still
 * awaiting, queued for the lock, or holding it. A client whose session expires leaves both queues
 * and, if it held the lock, hands it over.
 *
 * <p>A {@link FencedLock} and a {@link WaitQueue} of awaiters. Use it as an object (the library's
 * {@code Condition} extends it) or in a field. Every public method is one a client may call.
 */
public class FencedCondition implements SessionAware {
  private final FencedLock lock = new FencedLock();

  /** Awaiters not yet signalled. */
  private final WaitQueue awaiting = new WaitQueue();

  /** Acquires the lock, waiting for it if another client holds it; returns the fencing token. */
  public long acquire(Caller caller) {
    return lock.acquire(caller);
  }

  public void release(Caller caller) {
    lock.release(caller);
  }

  /** Releases the lock and waits for a signal, then for the lock; returns the new fencing token. */
  public long await(Caller caller) {
    lock.checkHolder(caller.clientId());
    awaiting.park(caller);
    lock.handOver();
    return 0; // ignored: the reply is the token of the hand-over that ends the wait
  }

  /** Moves up to {@code n} awaiters to the lock's queue; returns how many it moved. */
  public int signal(Caller caller, int n) {
    lock.checkHolder(caller.clientId());
    int moved = 0;
    for (Waiter next; moved < n && (next = awaiting.poll()) != null; moved++) {
      lock.enqueue(next);
    }
    return moved;
  }

  /** Moves every awaiter to the lock's queue; returns how many it moved. */
  public int signalAll(Caller caller) {
    return signal(caller, Integer.MAX_VALUE);
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return lock.holder();
  }

  /** How many clients await a signal. */
  public int awaiting() {
    return awaiting.size();
  }

  @Override
  public void sessionExpired(long clientId) {
    awaiting.sessionExpired(clientId);
    lock.sessionExpired(clientId);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + (lock.holder() != null ? " locked by client " + lock.holder() : " unlocked")
        + ", "
        + lock.waiting()
        + " waiting for the lock, "
        + awaiting.size()
        + " awaiting a signal";
  }
}
