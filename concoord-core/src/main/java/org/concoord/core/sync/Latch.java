package org.concoord.core.sync;

import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A latch that opens once counted down to zero: {@code await} parks while the count is above zero,
 * and the {@code countDown} that reaches zero releases every waiter. The count is 1 by default;
 * {@link #setCount} sets it (again), which closes an open latch. A waiter whose session expires is
 * dropped; the count is nobody's, so expiry changes nothing else.
 *
 * <p>Use it as an object (the library's {@code CountDownLatch} extends it) or in a field. Every
 * public method is one a client may call.
 */
public class Latch implements SessionAware {
  private long count = 1;
  private final WaitQueue waiters = new WaitQueue();

  public void setCount(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    this.count = count;
    if (count == 0) {
      waiters.wakeAll(null);
    }
  }

  /** Counts down (not below zero); returns the count left. */
  public long countDown() {
    if (count > 0 && --count == 0) {
      waiters.wakeAll(null);
    }
    return count;
  }

  /** Waits until the count is zero. */
  public void await(Caller caller) {
    if (count > 0) {
      waiters.park(caller);
    }
  }

  public long count() {
    return count;
  }

  @Override
  public void sessionExpired(long clientId) {
    waiters.sessionExpired(clientId);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + " at " + count + ", " + waiters.size() + " waiting";
  }
}
