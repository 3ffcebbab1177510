package org.concoord.core.message;

import java.util.List;
import org.concoord.core.command.Batch;

/**
 * Replica -> lagging replica: the decided batches of slots {@code fromSlot, fromSlot + 1, ...}, a
 * bounded run of them. No fsync.
 */
public record CatchUpReply(long fromSlot, List<Batch> batches) implements Message {
  public CatchUpReply {
    if (fromSlot < 1) {
      throw new IllegalArgumentException("fromSlot must be >= 1: " + fromSlot);
    }
    batches = List.copyOf(batches);
  }
}
