package org.concoord.objects;

import org.concoord.core.access.Access;
import org.concoord.core.access.AccessRole;

/**
 * The tutorial's counter, plus {@code add}/{@code get} for the simulator's workload. A plain class:
 * ConCoord replicates it by calling its public methods in the same order on every replica.
 */
public class Counter {
  private long value;

  public void increment() {
    value++;
  }

  public void decrement() {
    value--;
  }

  /** The value as an int, as in the tutorial; throws ArithmeticException past int range. */
  @Access(AccessRole.READER)
  public int getvalue() {
    return Math.toIntExact(value);
  }

  /** Adds {@code delta} and returns the new value. */
  public long add(long delta) {
    value += delta;
    return value;
  }

  @Access(AccessRole.READER)
  public long get() {
    return value;
  }

  @Override
  @Access(AccessRole.READER)
  public String toString() {
    return "The counter value is " + value;
  }
}
