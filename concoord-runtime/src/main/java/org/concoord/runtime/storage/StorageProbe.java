package org.concoord.runtime.storage;

/**
 * What the storage classes report for metrics, from their own threads (the syncer, the snapshot
 * writer). Implementations must be thread-safe and must not block.
 */
public interface StorageProbe {
  StorageProbe NONE = new StorageProbe() {};

  /**
   * One group commit: {@code writes} records appended and synced in {@code nanos}, of which the
   * fsync took {@code forceNanos} (-1 when the group went into a compaction instead).
   */
  default void groupCommitted(int writes, long nanos, long forceNanos) {}

  /** A replica snapshot of {@code bytes} written, synced and renamed in {@code nanos}. */
  default void snapshotSaved(long bytes, long nanos) {}
}
