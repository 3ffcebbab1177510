package org.concoord.corpus;

/** Refused: static state is outside what the replicas agree on. */
public class StaticCount {
  private static long count;

  public long increment() {
    return ++count;
  }
}
