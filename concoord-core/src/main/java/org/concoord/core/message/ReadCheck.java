package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Active leader -> acceptors, for reads without a log slot (a read index round): "do you still
 * promise nothing above {@code ballot}?". One round serves every read that arrived before it was
 * sent; {@code round} numbers the leader's rounds so that an answer names the round it confirms. No
 * fsync.
 */
public record ReadCheck(Ballot ballot, long round) implements Message {
  public ReadCheck {
    Objects.requireNonNull(ballot, "ballot");
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1: " + round);
    }
  }
}
