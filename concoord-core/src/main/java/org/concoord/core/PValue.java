package org.concoord.core;

import java.util.Objects;
import org.concoord.core.command.Batch;

/** What an acceptor accepted: a batch proposed for a slot under a ballot (PMMC's pvalue). */
public record PValue(Ballot ballot, long slot, Batch batch) {
  public PValue {
    Objects.requireNonNull(ballot, "ballot");
    Objects.requireNonNull(batch, "batch");
    if (slot < 1) {
      throw new IllegalArgumentException("slot must be >= 1: " + slot);
    }
  }
}
