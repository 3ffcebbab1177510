package org.concoord.corpus;

/** Refused: each replica would draw another number. */
public class Dice {
  private long last;

  public long roll() {
    last = 1 + (long) (Math.random() * 6);
    return last;
  }
}
