package org.concoord.corpus;

/** Refused: a transient field is left out of snapshots. */
public class TransientCount {
  private transient long count;

  public long increment() {
    return ++count;
  }
}
