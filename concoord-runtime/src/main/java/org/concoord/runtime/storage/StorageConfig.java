package org.concoord.runtime.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a node keeps its durable state. {@code dataDir} is the node's own directory (unused
 * with {@link Durability#NONE}). The acceptor's log is compacted once its garbage (records
 * superseded or truncated) reaches both {@code compactGarbageBytesMin} and the size of what is
 * still live, times a factor drawn in [1, 2) for each compaction (so acceptors do not all compact
 * at once); so the file's content stays within about three times the larger of the live state and
 * that minimum. {@code fileBytesMin} is the smallest file it preallocates (as a sparse hole: it
 * costs no disk until written).
 */
public record StorageConfig(
    Durability durability,
    Path dataDir,
    long compactGarbageBytesMin,
    long fileBytesMin,
    int snapshotEverySlots) {
  /** Executed slots between a replica's snapshots on disk, by default. */
  public static final int SNAPSHOT_EVERY_SLOTS_DEFAULT = 1000;

  public StorageConfig(
      Durability durability, Path dataDir, long compactGarbageBytesMin, long fileBytesMin) {
    this(durability, dataDir, compactGarbageBytesMin, fileBytesMin, SNAPSHOT_EVERY_SLOTS_DEFAULT);
  }

  public static final long COMPACT_GARBAGE_BYTES_MIN_DEFAULT = 8L << 20;
  public static final long FILE_BYTES_MIN_DEFAULT = 16L << 20;

  public StorageConfig {
    Objects.requireNonNull(durability, "durability");
    if (durability == Durability.FSYNC) {
      Objects.requireNonNull(dataDir, "dataDir is required with durability fsync");
    }
    if (snapshotEverySlots < 1) {
      throw new IllegalArgumentException("snapshotEverySlots must be >= 1");
    }
    if (compactGarbageBytesMin < 1) {
      throw new IllegalArgumentException("compactGarbageBytesMin must be >= 1");
    }
    if (fileBytesMin < 4096 || fileBytesMin > LogFormat.FILE_BYTES_MAX / 4) {
      throw new IllegalArgumentException(
          "fileBytesMin must be 4 KiB.." + LogFormat.FILE_BYTES_MAX / 4 + ": " + fileBytesMin);
    }
  }

  /** In memory only: the original's behaviour. */
  public static StorageConfig none() {
    return new StorageConfig(
        Durability.NONE, null, COMPACT_GARBAGE_BYTES_MIN_DEFAULT, FILE_BYTES_MIN_DEFAULT);
  }

  /** A synced write-ahead log in {@code dataDir}, default compaction. */
  public static StorageConfig fsync(Path dataDir) {
    return new StorageConfig(
        Durability.FSYNC, dataDir, COMPACT_GARBAGE_BYTES_MIN_DEFAULT, FILE_BYTES_MIN_DEFAULT);
  }

  public static StorageConfig of(Durability durability, Path dataDir) {
    return durability == Durability.FSYNC ? fsync(dataDir) : none();
  }

  public StorageConfig withCompaction(long garbageBytesMin, long fileBytesMinimum) {
    return new StorageConfig(
        durability, dataDir, garbageBytesMin, fileBytesMinimum, snapshotEverySlots);
  }

  /** This configuration with a replica snapshot every {@code slots} executed slots. */
  public StorageConfig withSnapshotEvery(int slots) {
    return new StorageConfig(durability, dataDir, compactGarbageBytesMin, fileBytesMin, slots);
  }

  @Override
  public String toString() {
    return durability == Durability.NONE
        ? "durability none (in memory)"
        : "durability fsync, data dir " + dataDir;
  }
}
