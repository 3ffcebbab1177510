package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Batch;

/**
 * The decided batches a replica knows, by slot, and how far it has executed. Keeps the executed
 * slots within the retention window (to serve catch-up) and decided slots not yet executed up to a
 * bound ahead, in slots and in bytes (beyond it, catch-up refetches them; the next slot to execute
 * is always kept).
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class DecisionLog {
  /** Decided-but-unexecuted slots kept ahead of execution; farther ones come by catch-up. */
  static final int AHEAD_MAX = 1 << 16;

  /**
   * A decided batch and its encoded size, counted once: the byte budgets look at it when it is
   * recorded, executed and forgotten, and counting it each time cost about 2 % of the core.
   */
  private record Decided(Batch batch, long bytes) {}

  private final Map<Long, Decided> decided = new HashMap<>();
  private final int retentionSlots;
  private long slotExecutedMax;

  /** The highest slot known decided (recorded, or dropped for bytes and to come again). */
  private long slotDecidedMax;

  private long slotRetainedMin = 1;
  private final long aheadBytesMax;
  private final long retainedBytesMax;

  /** Encoded bytes of the executed slots retained. */
  private long retainedBytes;

  /** Slots below this were forgotten early, for bytes (0: none). */
  private long forgottenForBytesBelow;

  /** Encoded bytes of the decided slots above slotExecutedMax. */
  private long aheadBytes;

  DecisionLog(int retentionSlots) {
    this(retentionSlots, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  DecisionLog(int retentionSlots, long aheadBytesMax, long retainedBytesMax) {
    this.retentionSlots = retentionSlots;
    this.aheadBytesMax = aheadBytesMax;
    this.retainedBytesMax = retainedBytesMax;
  }

  long slotExecutedMax() {
    return slotExecutedMax;
  }

  /** The highest slot known to be decided: a read index covers at least this far. */
  long slotDecidedMax() {
    return Math.max(slotDecidedMax, slotExecutedMax);
  }

  Batch get(long slot) {
    return batchOf(decided.get(slot));
  }

  private static Batch batchOf(Decided entry) {
    return entry == null ? null : entry.batch();
  }

  boolean isDecided(long slot) {
    return slot <= slotExecutedMax || decided.containsKey(slot);
  }

  /**
   * Records that {@code batch} is chosen for {@code slot}. Returns the batch already recorded there
   * if it differs (a safety violation the caller must halt on), else null.
   */
  Batch record(long slot, Batch batch) {
    if (slot <= slotExecutedMax) {
      Batch known = get(slot);
      return known != null && !known.equals(batch) ? known : null;
    }
    if (slot > slotExecutedMax + AHEAD_MAX) {
      return null;
    }
    Batch known = get(slot);
    if (known != null) {
      return known.equals(batch) ? null : known;
    }
    slotDecidedMax = Math.max(slotDecidedMax, slot);
    long bytes = WireSizes.batch(batch);
    if (slot > slotExecutedMax + 1 && aheadBytes + bytes > aheadBytesMax) {
      return null; // over the byte budget: dropped, catch-up brings it again when it is next
    }
    decided.put(slot, new Decided(batch, bytes));
    aheadBytes += bytes;
    return null;
  }

  /** Encoded bytes of the decided slots not yet executed. */
  long aheadBytes() {
    return aheadBytes;
  }

  /** The next batch to execute in slot order, or null if that slot is not decided yet. */
  Batch nextToExecute() {
    return get(slotExecutedMax + 1);
  }

  /** Marks the next slot executed and forgets what fell out of the retention window. */
  void markExecuted() {
    slotExecutedMax++;
    Decided executed = decided.get(slotExecutedMax);
    if (executed != null) {
      long bytes = executed.bytes();
      aheadBytes = Math.max(0, aheadBytes - bytes);
      retainedBytes += bytes;
    }
    long forgetBelow = slotExecutedMax - retentionSlots;
    while (slotRetainedMin < forgetBelow) {
      forget();
    }
    while (retainedBytes > retainedBytesMax && slotRetainedMin < slotExecutedMax) {
      forget();
      forgottenForBytesBelow = slotRetainedMin;
    }
  }

  private void forget() {
    Decided forgotten = decided.remove(slotRetainedMin);
    if (forgotten != null) {
      retainedBytes -= forgotten.bytes();
    }
    slotRetainedMin++;
  }

  /** Executed slots below this were forgotten early for their bytes (0 if none were). */
  long forgottenForBytesBelow() {
    return forgottenForBytesBelow;
  }

  /** Executed batches from {@code fromSlot}, at most {@code max}; empty if not retained. */
  List<Batch> executedFrom(long fromSlot, int max) {
    return executedFrom(fromSlot, max, Long.MAX_VALUE);
  }

  /**
   * Executed batches from {@code fromSlot}, at most {@code max} and {@code bytesMax} encoded bytes
   * (but at least one); empty if not retained.
   */
  List<Batch> executedFrom(long fromSlot, int max, long bytesMax) {
    List<Batch> out = new ArrayList<>();
    if (fromSlot < slotRetainedMin) {
      return out;
    }
    long bytes = 0;
    for (long slot = fromSlot; slot <= slotExecutedMax && out.size() < max; slot++) {
      Decided entry = decided.get(slot);
      Batch batch = entry.batch();
      bytes += entry.bytes();
      if (!out.isEmpty() && bytes > bytesMax) {
        break;
      }
      out.add(batch);
    }
    return out;
  }

  /**
   * Continues from a snapshot of slots 1..{@code slot}: they count as executed (none retained),
   * decided slots above stay.
   */
  void restartAt(long slot) {
    decided.keySet().removeIf(known -> known <= slot);
    aheadBytes = 0;
    retainedBytes = 0;
    decided.values().forEach(entry -> aheadBytes += entry.bytes());
    slotExecutedMax = slot;
    slotRetainedMin = slot + 1;
  }

  long slotRetainedMin() {
    return slotRetainedMin;
  }
}
