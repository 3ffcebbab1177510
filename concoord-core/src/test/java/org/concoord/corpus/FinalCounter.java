package org.concoord.corpus;

/** Refused: a final class cannot be extended by its proxy. */
public final class FinalCounter {
  private long value;

  public long increment() {
    return ++value;
  }
}
