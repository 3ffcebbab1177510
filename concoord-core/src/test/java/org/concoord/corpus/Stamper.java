package org.concoord.corpus;

import java.time.Instant;

/** Refused: each replica reads its own clock. */
public class Stamper {
  private Instant last;

  public Instant stamp() {
    last = Instant.now();
    return last;
  }
}
