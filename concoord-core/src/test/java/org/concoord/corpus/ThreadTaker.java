package org.concoord.corpus;

/** Refused: a public method taking a Thread cannot be called by any client. */
public class ThreadTaker {
  private long calls;

  public long ping() {
    return ++calls;
  }

  public String nameOf(Thread thread) {
    return "x";
  }
}
