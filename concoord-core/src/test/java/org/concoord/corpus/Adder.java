package org.concoord.corpus;

/** Overloads told apart by their number of arguments. */
public class Adder {
  private long total;

  public long add() {
    return ++total;
  }

  public long add(long x) {
    total += x;
    return total;
  }

  public long add(long x, long y) {
    total += x * y;
    return total;
  }
}
