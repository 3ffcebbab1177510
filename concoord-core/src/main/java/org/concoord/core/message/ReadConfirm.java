package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Acceptor -> the leader whose {@link ReadCheck} it received: "when your round {@code round}
 * reached me I had promised no ballot above {@code ballot}". An acceptor that had answers {@link
 * Preempted} instead. No fsync (it reports the promise as it stands; a promise not yet durable was
 * never sent to its candidate either).
 */
public record ReadConfirm(Ballot ballot, long round) implements Message {
  public ReadConfirm {
    Objects.requireNonNull(ballot, "ballot");
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1: " + round);
    }
  }
}
