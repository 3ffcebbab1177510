package org.concoord.core.message;

/**
 * Leader -> acceptors: every slot below {@code slotBelow} is decided and executed, and beyond the
 * replicas' retention window, so the acceptor may forget its pvalues there. From then on it refuses
 * to promise for phase 1 starting below that slot: a leader so far behind could not recover those
 * slots from it. Keeps acceptor memory bounded however long the object lives. The acceptor records
 * it as a {@code TruncateWrite}, so its log can be compacted below that slot; no reply waits for
 * it.
 */
public record Truncate(long slotBelow) implements Message {
  public Truncate {
    if (slotBelow < 1) {
      throw new IllegalArgumentException("slotBelow must be >= 1: " + slotBelow);
    }
  }
}
