package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's replicated object, a plain class run through the real object host: a counter
 * ({@code add} returns the new value) checked by the Wing-Gong-Lowe search, and an append-only
 * list ({@code append} and {@code read} return the list) checked by the linear-time list check.
 */
public class SimWorkload {
  private long counter;
  private final List<Long> list = new ArrayList<>();

  public long add(long delta) {
    counter += delta;
    return counter;
  }

  public long get() {
    return counter;
  }

  public List<Long> append(long value) {
    list.add(value);
    return list;
  }

  public List<Long> read() {
    return list;
  }
}
