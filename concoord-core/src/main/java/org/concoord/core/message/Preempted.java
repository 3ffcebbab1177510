package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Acceptor -> leader, in either phase (PMMC preempted): the acceptor refused {@code rejected}
 * because it promised the higher {@code promised}. No fsync needed (it reports durable state).
 */
public record Preempted(Ballot rejected, Ballot promised) implements Message {
  public Preempted {
    Objects.requireNonNull(rejected, "rejected");
    Objects.requireNonNull(promised, "promised");
    if (promised.isBelow(rejected)) {
      throw new IllegalArgumentException("promised " + promised + " is below rejected " + rejected);
    }
  }
}
