package org.concoord.objects;

import java.util.ArrayList;
import java.util.List;

/**
 * A list that only grows, for the simulator's list-append check: every append returns the whole
 * list as it stands after the append, so a checker can order the appends of all clients and verify
 * every read against one total order.
 */
public class AppendList {
  private final List<Long> values = new ArrayList<>();

  /** Appends {@code value}; returns the whole list after the append. */
  public List<Long> append(long value) {
    values.add(value);
    return List.copyOf(values);
  }

  public List<Long> read() {
    return List.copyOf(values);
  }
}
