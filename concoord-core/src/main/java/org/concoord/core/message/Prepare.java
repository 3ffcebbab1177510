package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Leader -> acceptor, phase 1 (PMMC p1a). Asks the acceptor to promise {@code ballot} and to report
 * what it accepted in slots {@code >= fromSlot}. No fsync needed before sending.
 */
public record Prepare(Ballot ballot, long fromSlot) implements Message {
  public Prepare {
    Objects.requireNonNull(ballot, "ballot");
    if (fromSlot < 1) {
      throw new IllegalArgumentException("fromSlot must be >= 1: " + fromSlot);
    }
  }
}
