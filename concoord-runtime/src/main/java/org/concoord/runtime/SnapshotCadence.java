package org.concoord.runtime;

import java.io.IOException;
import java.util.function.Consumer;
import org.concoord.core.NodeId;
import org.concoord.core.message.Snapshot;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.View;
import org.concoord.runtime.storage.ReplicaStore;
import org.concoord.runtime.storage.StorageConfig;

/**
 * When a replica with a data directory writes to it ({@link ReplicaStore}): the genesis view once
 * the instance has its first acceptor, then a snapshot every {@link #snapshotEverySlots} executed
 * slots or {@link #snapshotEveryBytes} executed bytes, and after each view change; each capture
 * only if the memory breaker has room for it.
 *
 * <p>Not thread-safe: the node thread's (the store writes on a thread of its own).
 */
final class SnapshotCadence {
  private final NodeId self;
  private final ReplicaStore store;
  private final StorageConfig storage;
  private final ReplicaConfig config;
  private final MemoryBreaker memory;
  private final Consumer<String> fatal;

  private long savedSlot;
  private long savedEpoch = -1;

  /** Encoded bytes of the slots executed since the latest snapshot was taken. */
  private long executedBytesSinceSave;

  private boolean genesisSaved;

  /** Bytes of the latest snapshot captured, object and replies (what the next one may need). */
  private long capturedBytes;

  SnapshotCadence(
      NodeId self,
      ReplicaStore store,
      StorageConfig storage,
      ReplicaConfig config,
      MemoryBreaker memory,
      Consumer<String> fatal) {
    this.self = self;
    this.store = store;
    this.storage = storage;
    this.config = config;
    this.memory = memory;
    this.fatal = fatal;
  }

  /** Restarted from the snapshot of {@code slot} on disk (the genesis view is there too). */
  void restartedFrom(long slot) {
    savedSlot = slot;
    genesisSaved = true;
  }

  /** Restarted from the genesis view on disk, before the first snapshot. */
  void restartedFromGenesis() {
    genesisSaved = true;
  }

  /** A slot of {@code bytes} (encoded) executed. */
  void executed(long bytes) {
    executedBytesSinceSave += bytes;
  }

  /**
   * Executed slots between two snapshots on disk: as configured, but at most half the retention
   * window, so that the latest snapshot is always above what the acceptors may have forgotten.
   */
  private long snapshotEverySlots() {
    return Math.max(1, Math.min(storage.snapshotEverySlots(), config.decisionRetentionSlots() / 2));
  }

  /**
   * Executed bytes between two snapshots on disk: half of what a replica retains for catch-up
   * ({@code retainedBytesMax}, an eighth of the heap), as the slot count is half the retention.
   */
  private long snapshotEveryBytes() {
    return Math.max(1, config.budgets().retainedBytesMax() / 2);
  }

  /** Keeps the data directory current with {@code replica}: what is due, if anything. */
  void persist(Replica replica) {
    if (store == null) {
      return;
    }
    try {
      View genesis = replica.viewAt(1);
      if (!genesisSaved && !genesis.acceptors().isEmpty()) {
        store.saveGenesis(genesis);
        genesisSaved = true;
      }
    } catch (IOException e) {
      fatal.accept("cannot write to " + storage.dataDir() + ": " + e);
      return;
    }
    long executed = replica.slotExecutedMax();
    long epoch = replica.latestView().epoch();
    // By bytes too: the leader lets the acceptors forget large slots only below every replica's
    // durable snapshot, so a few large values would otherwise stay in every acceptor's memory
    // until thousands of small slots had passed.
    boolean due =
        executed - savedSlot >= snapshotEverySlots()
            || executedBytesSinceSave >= snapshotEveryBytes()
            || (epoch != savedEpoch && executed > savedSlot);
    if (due
        && !store.isWriting()
        && memory.roomForSnapshot(self, Math.max(capturedBytes, replica.stateBytes()))) {
      Snapshot snapshot = replica.snapshot();
      if (snapshot != null) {
        capturedBytes = MemoryBreaker.bytesOf(snapshot);
        store.saveSnapshot(snapshot);
        savedSlot = executed;
        savedEpoch = epoch;
        executedBytesSinceSave = 0;
      }
    }
  }
}
