package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.command.Batch;

/**
 * The decided batches a replica knows, by slot, and how far it has executed. Keeps the executed
 * slots within the retention window (to serve catch-up) and decided slots not yet executed up to a
 * bound ahead (beyond it, catch-up refetches them).
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class DecisionLog {
  /** Decided-but-unexecuted slots kept ahead of execution; farther ones come by catch-up. */
  static final int AHEAD_MAX = 1 << 16;

  private final Map<Long, Batch> decided = new HashMap<>();
  private final int retentionSlots;
  private long slotExecutedMax;
  private long slotRetainedMin = 1;

  DecisionLog(int retentionSlots) {
    this.retentionSlots = retentionSlots;
  }

  long slotExecutedMax() {
    return slotExecutedMax;
  }

  Batch get(long slot) {
    return decided.get(slot);
  }

  boolean isDecided(long slot) {
    return slot <= slotExecutedMax || decided.containsKey(slot);
  }

  /**
   * Records that {@code batch} is chosen for {@code slot}. Returns the batch already recorded
   * there if it differs (a safety violation the caller must halt on), else null.
   */
  Batch record(long slot, Batch batch) {
    if (slot <= slotExecutedMax) {
      Batch known = decided.get(slot);
      return known != null && !known.equals(batch) ? known : null;
    }
    if (slot > slotExecutedMax + AHEAD_MAX) {
      return null;
    }
    Batch known = decided.putIfAbsent(slot, batch);
    return known != null && !known.equals(batch) ? known : null;
  }

  /** The next batch to execute in slot order, or null if that slot is not decided yet. */
  Batch nextToExecute() {
    return decided.get(slotExecutedMax + 1);
  }

  /** Marks the next slot executed and forgets what fell out of the retention window. */
  void markExecuted() {
    slotExecutedMax++;
    long forgetBelow = slotExecutedMax - retentionSlots;
    while (slotRetainedMin < forgetBelow) {
      decided.remove(slotRetainedMin);
      slotRetainedMin++;
    }
  }

  /** Executed batches from {@code fromSlot}, at most {@code max}; empty if not retained. */
  List<Batch> executedFrom(long fromSlot, int max) {
    List<Batch> out = new ArrayList<>();
    if (fromSlot < slotRetainedMin) {
      return out;
    }
    for (long slot = fromSlot; slot <= slotExecutedMax && out.size() < max; slot++) {
      out.add(decided.get(slot));
    }
    return out;
  }

  /**
   * Continues from a snapshot of slots 1..{@code slot}: they count as executed (none retained),
   * decided slots above stay.
   */
  void restartAt(long slot) {
    decided.keySet().removeIf(known -> known <= slot);
    slotExecutedMax = slot;
    slotRetainedMin = slot + 1;
  }

  long slotRetainedMin() {
    return slotRetainedMin;
  }
}
