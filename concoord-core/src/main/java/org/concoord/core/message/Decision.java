package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.command.Batch;

/**
 * Leader -> replicas and nameservers (PMMC decision): {@code batch} is chosen for {@code slot}. No
 * fsync needed: the acceptors' quorum holds it durably.
 */
public record Decision(long slot, Batch batch) implements Message {
  public Decision {
    Objects.requireNonNull(batch, "batch");
    if (slot < 1) {
      throw new IllegalArgumentException("slot must be >= 1: " + slot);
    }
  }
}
