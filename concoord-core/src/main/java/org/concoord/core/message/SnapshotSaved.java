package org.concoord.core.message;

/**
 * Replica -> the active leader, in answer to its heartbeats when the value changed: "my latest
 * durable snapshot covers slots 1..{@code slot}" (a replica that keeps nothing on disk reports its
 * executed slot). The leader lets the acceptors forget only slots below the minimum over the view's
 * replicas, so a snapshot that failed to write never leaves a gap that a restart of every node
 * could not fill. No fsync (it reports a write that is already durable).
 */
public record SnapshotSaved(long slot) implements Message {
  public SnapshotSaved {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0: " + slot);
    }
  }
}
