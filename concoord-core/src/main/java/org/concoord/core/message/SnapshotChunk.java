package org.concoord.core.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * Replica -> the replica that asked (by {@link CatchUpRequest} or {@link SnapshotFetch}): bytes
 * {@code [offset, offset + data.length)} of its snapshot of slots 1..{@code slot}. The snapshot is
 * a stream of {@code totalBytes} bytes: its first {@code metaBytes} are everything but the object
 * (slot, clock, views, sessions, state size), the rest the object's bytes; it never travels as one
 * frame, so an object state of any size can be handed over. The receiver asks for each next chunk
 * ({@code SnapshotFetch}) and takes a chunk only from the node it asked, at the offset it asked
 * for. No fsync.
 */
public record SnapshotChunk(long slot, long metaBytes, long totalBytes, long offset, byte[] data)
    implements Message {
  public SnapshotChunk {
    if (slot < 1) {
      throw new IllegalArgumentException("a snapshot covers at least slot 1: " + slot);
    }
    Objects.requireNonNull(data, "data");
    if (metaBytes < 1 || metaBytes > totalBytes) {
      throw new IllegalArgumentException(
          "metaBytes " + metaBytes + " must be in [1, totalBytes " + totalBytes + "]");
    }
    if (offset < 0 || offset > totalBytes - data.length) {
      throw new IllegalArgumentException(
          "chunk ["
              + offset
              + ", +"
              + data.length
              + ") lies outside the snapshot's "
              + totalBytes
              + " bytes");
    }
  }

  /** Whether this chunk ends the snapshot. */
  public boolean isLast() {
    return offset + data.length == totalBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SnapshotChunk c
        && slot == c.slot
        && metaBytes == c.metaBytes
        && totalBytes == c.totalBytes
        && offset == c.offset
        && Arrays.equals(data, c.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(slot, metaBytes, totalBytes, offset) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SnapshotChunk[slot "
        + slot
        + ", "
        + offset
        + "+"
        + data.length
        + " of "
        + totalBytes
        + "]";
  }
}
