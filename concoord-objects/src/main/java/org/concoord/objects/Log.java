package org.concoord.objects;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only log of strings, indexed from 0. {@code read(from, to)} returns a range, clipped to
 * the log, so that a reader can follow the log by asking from the last index it saw.
 */
public class Log {
  private final List<String> entries = new ArrayList<>();

  /** Appends {@code entry}; returns its index. */
  public long append(String entry) {
    if (entry == null) {
      throw new IllegalArgumentException("a log holds no nulls");
    }
    entries.add(entry);
    return entries.size() - 1L;
  }

  /** The entries from index {@code from} (inclusive) to {@code to} (exclusive), clipped. */
  public List<String> read(long from, long to) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("bad range [" + from + ", " + to + ")");
    }
    int start = (int) Math.min(from, entries.size());
    int end = (int) Math.min(to, entries.size());
    return List.copyOf(entries.subList(start, end));
  }

  /** The entry at {@code index}. */
  public String get(long index) {
    if (index < 0 || index >= entries.size()) {
      throw new IndexOutOfBoundsException("no entry " + index + " in a log of " + entries.size());
    }
    return entries.get((int) index);
  }

  public long size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "Log of " + entries.size() + " entries";
  }
}
