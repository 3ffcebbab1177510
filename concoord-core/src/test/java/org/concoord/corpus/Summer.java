package org.concoord.corpus;

/** Varargs: sum(int... xs) takes one array argument. */
public class Summer {
  private long total;

  public long sum(int... xs) {
    for (int x : xs) {
      total += x;
    }
    return total;
  }

  public long total() {
    return total;
  }
}
