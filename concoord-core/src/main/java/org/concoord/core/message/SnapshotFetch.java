package org.concoord.core.message;

/**
 * Replica -> a replica serving it a snapshot: "send the chunk of your snapshot of {@code slot} at
 * {@code offset}". Snapshots are pulled one chunk at a time, so the sender never queues more than
 * one chunk per receiver. {@code slot} 0 (with offset 0) asks for a snapshot of the server's
 * current state even if its log still holds the slots: a replica whose state digest differs from
 * the majority's recovers that way. No fsync.
 */
public record SnapshotFetch(long slot, long offset) implements Message {
  public SnapshotFetch {
    if (slot < 0 || offset < 0) {
      throw new IllegalArgumentException("slot and offset must be >= 0: " + slot + ", " + offset);
    }
    if (slot == 0 && offset != 0) {
      throw new IllegalArgumentException("a fetch of the current snapshot starts at offset 0");
    }
  }
}
