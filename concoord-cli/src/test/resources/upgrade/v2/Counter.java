package org.concoord.objects;

import org.concoord.core.access.Access;
import org.concoord.core.access.AccessRole;

/**
 * The bundled Counter, version 2 (UpgradeIT, docs/operations.md "Code upgrades"): the same value
 * and methods, plus a new field, {@code label}, and a new method that reads it.
 */
public class Counter {
  private long value;
  private String label = "upgraded";

  public void increment() {
    value++;
  }

  public void decrement() {
    value--;
  }

  @Access(AccessRole.READER)
  public int getvalue() {
    return Math.toIntExact(value);
  }

  public long add(long delta) {
    value += delta;
    return value;
  }

  @Access(AccessRole.READER)
  public long get() {
    return value;
  }

  /** New in version 2. */
  @Access(AccessRole.READER)
  public String labelled() {
    return label + " counter at " + value;
  }
}
