package org.concoord.corpus;

/** Refused: a thread acts at another moment on each replica. */
public class Worker {
  private long done;

  public void work() {
    new Thread(() -> done++).start();
  }

  public long done() {
    return done;
  }
}
