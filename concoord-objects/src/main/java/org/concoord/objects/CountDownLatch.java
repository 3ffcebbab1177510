package org.concoord.objects;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;

/**
 * A latch that opens once counted down to zero: {@code await} parks while the count is above
 * zero, and the {@code countDown} that reaches zero releases every waiter. The count is 1 by
 * default; {@link #setCount} sets it (again), which closes an open latch. Holds nothing per
 * client: a waiter whose session expires is simply not released.
 */
public class CountDownLatch {
  private long count = 1;
  private final List<Parked> waiters = new ArrayList<>();

  public void setCount(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    this.count = count;
    if (count == 0) {
      openLatch();
    }
  }

  /** Counts down (not below zero); returns the count left. */
  public long countDown() {
    if (count > 0 && --count == 0) {
      openLatch();
    }
    return count;
  }

  /** Waits until the count is zero. */
  public void await(Caller caller) {
    if (count > 0) {
      waiters.add(caller.park());
    }
  }

  public long count() {
    return count;
  }

  private void openLatch() {
    waiters.forEach(waiter -> waiter.resume(null)); // resuming an expired waiter does nothing
    waiters.clear();
  }

  @Override
  public String toString() {
    return "CountDownLatch at " + count + ", " + waiters.size() + " waiting";
  }
}
