package org.concoord.core.replica;

import org.concoord.core.codec.WireFormat;
import org.concoord.core.codec.WireSizes;

/**
 * A replica's byte budgets, so that no input, size or load makes it hold more than its heap.
 * Derived from the heap by {@link #fromHeap}; the runtime passes its {@code -Xmx}. Each, when
 * reached, means backpressure or a refusal the client sees, never an OutOfMemoryError
 * (docs/operations.md, "Limits and budgets").
 *
 * @param batchBytesMax most bytes of commands the leader puts in one slot (a single larger command
 *     goes alone); at most {@link WireSizes#BATCH_BYTES_MAX}
 * @param leaderBytesMax most bytes of commands the leader holds, queued and proposed but not yet
 *     decided; past it a request is refused REJECTED "overloaded"
 * @param replyCacheSessionBytesMax most bytes of unacknowledged replies cached for one client; past
 *     it that client's new calls are refused REJECTED "overloaded" until it acknowledges
 * @param replyCacheBytesMax most bytes of cached replies in all; past it every new call is refused
 *     REJECTED "overloaded" until clients acknowledge or sessions expire
 * @param decisionsAheadBytesMax most bytes of decided slots held ahead of execution; farther ones
 *     are dropped and fetched again by catch-up
 * @param catchUpBytesMax most bytes of batches in one CatchUpReply (at least one batch goes)
 * @param retainedBytesMax most bytes of executed slots kept to help lagging replicas (besides the
 *     count, decisionRetentionSlots); older ones are forgotten, a replica that needs them gets a
 *     snapshot, and the leader lets the acceptors forget them too
 */
public record ReplicaBudgets(
    long batchBytesMax,
    long leaderBytesMax,
    long replyCacheSessionBytesMax,
    long replyCacheBytesMax,
    long decisionsAheadBytesMax,
    long catchUpBytesMax,
    long retainedBytesMax) {

  static final long MIB = 1 << 20;
  static final long FRAME = WireFormat.FRAME_LENGTH_MAX;

  public ReplicaBudgets {
    if (batchBytesMax < 1 || batchBytesMax > WireSizes.BATCH_BYTES_MAX) {
      throw new IllegalArgumentException(
          "batchBytesMax must be 1.." + WireSizes.BATCH_BYTES_MAX + ": " + batchBytesMax);
    }
    if (catchUpBytesMax < 1 || catchUpBytesMax > WireSizes.BATCH_BYTES_MAX) {
      throw new IllegalArgumentException(
          "catchUpBytesMax must be 1.." + WireSizes.BATCH_BYTES_MAX + ": " + catchUpBytesMax);
    }
    if (leaderBytesMax < 1
        || replyCacheSessionBytesMax < 1
        || replyCacheBytesMax < 1
        || retainedBytesMax < 1) {
      throw new IllegalArgumentException("byte budgets must be >= 1");
    }
    if (decisionsAheadBytesMax < leaderBytesMax + FRAME) {
      // The leader learns its own decisions through the same log: what it has in flight must fit.
      throw new IllegalArgumentException(
          "decisionsAheadBytesMax must hold leaderBytesMax and one more frame");
    }
  }

  /** The budgets for a heap of {@code heapBytes}. */
  public static ReplicaBudgets fromHeap(long heapBytes) {
    long heap = Math.max(heapBytes, 64 * MIB);
    long leader = Math.max(2 * FRAME, heap / 4);
    return new ReplicaBudgets(
        Math.min(WireSizes.BATCH_BYTES_MAX, MIB),
        leader,
        Math.max(MIB, heap / 16),
        Math.max(4 * MIB, heap / 8),
        leader + FRAME,
        Math.min(WireSizes.BATCH_BYTES_MAX, Math.max(MIB, heap / 32)),
        Math.max(4 * MIB, heap / 8));
  }

  /**
   * The budgets at a 128 MiB heap: the simulator's and the core tests' (a node process derives its
   * own from its {@code -Xmx} with {@link #fromHeap}).
   */
  public static ReplicaBudgets defaults() {
    return fromHeap(128 * MIB);
  }
}
