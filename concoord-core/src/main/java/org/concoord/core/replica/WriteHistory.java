package org.concoord.core.replica;

import org.concoord.core.effects.Effects;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.value.ValueCodec;

/**
 * The recent executed write calls of every object, bounded by bytes, from which a write stream
 * (issue 21) that resumes, or starts from an earlier slot, is replayed. Every write since {@link
 * #fromSlot()} is here; a stream asking for older ones is told so ({@code GAP}) and continues from
 * what is retained.
 *
 * <p>Every executed write comes through here, and almost none is ever replayed, so an entry is kept
 * as the parts of its record in a ring of parallel arrays, with its size counted once: no object
 * per write, and forgetting the oldest reads a {@code long[]} rather than three retained objects
 * per entry (a record and an entry object per write, and their eviction, cost a leader about a
 * tenth of its time in the core bench: docs/performance.md, "The wave's cost, found and paid
 * back"). The record is built ({@link WriteRecord}) only when a stream replays it.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class WriteHistory {
  /** Most bytes the history holds by default. */
  static final long BYTES_MAX_DEFAULT = 4L << 20;

  /** What one entry costs beyond its record and object name. */
  static final int ENTRY_OVERHEAD_BYTES = 64;

  private static final int CAPACITY_INITIAL = 64;

  private final long bytesMax;
  // The ring: entry i (0 <= i < size) is at (head + i) & (capacity - 1).
  private long[] slots = new long[CAPACITY_INITIAL];
  private long[] sizes = new long[CAPACITY_INITIAL];
  private String[] objects = new String[CAPACITY_INITIAL];
  private String[] methods = new String[CAPACITY_INITIAL];
  private byte[][] args = new byte[CAPACITY_INITIAL][];
  private long[] outcomes = new long[CAPACITY_INITIAL];
  private byte[][] results = new byte[CAPACITY_INITIAL][];
  private String[] principals = new String[CAPACITY_INITIAL];
  private long[] clientIds = new long[CAPACITY_INITIAL];
  private int head;
  private int size;
  private long bytes;
  private long fromSlot = 1;

  WriteHistory(long bytesMax) {
    this.bytesMax = bytesMax;
  }

  /** The first slot from which every write is retained. */
  long fromSlot() {
    return fromSlot;
  }

  long bytes() {
    return bytes;
  }

  /** Keeps {@code record}, a write of {@code object} executed at {@code slot}. */
  void add(long slot, String object, WriteRecord record) {
    add(
        slot,
        object,
        record.method(),
        record.args(),
        record.outcomeCode(),
        record.result(),
        record.principal(),
        record.clientId());
  }

  /** Keeps the write {@code method(args)} of {@code object} at {@code slot}, as its parts. */
  void add(
      long slot,
      String object,
      String method,
      byte[] callArgs,
      long outcomeCode,
      byte[] result,
      String principal,
      long clientId) {
    long entryBytes =
        ENTRY_OVERHEAD_BYTES
            + 2L * object.length()
            + WriteRecord.bytes(method, callArgs, result, principal);
    if (entryBytes > bytesMax) {
      forgetThrough(slot);
      return;
    }
    if (size == slots.length) {
      grow();
    }
    int i = (head + size) & (slots.length - 1);
    slots[i] = slot;
    sizes[i] = entryBytes;
    objects[i] = object;
    methods[i] = method;
    args[i] = callArgs;
    outcomes[i] = outcomeCode;
    results[i] = result;
    principals[i] = principal;
    clientIds[i] = clientId;
    size++;
    bytes += entryBytes;
    while (bytes > bytesMax) {
      forgetThrough(slots[head]);
    }
  }

  /** This replica jumped to {@code slot} (a snapshot): nothing before it is known here. */
  void restartAt(long slot) {
    while (size > 0) {
      removeFirst();
    }
    head = 0;
    bytes = 0;
    fromSlot = slot + 1;
  }

  /**
   * Pushes the writes of {@code object} after {@code afterSlot} to watch {@code key}, preceded by a
   * {@code GAP} if some of them are no longer retained.
   */
  void replay(String object, long afterSlot, long slotExecuted, Watches.Key key, Effects effects) {
    if (afterSlot + 1 < fromSlot) {
      effects.push(
          new WatchEvent(
              key.clientId(),
              key.watchId(),
              fromSlot - 1,
              WatchEvent.Kind.GAP,
              ValueCodec.encode(
                  "the writes of slots "
                      + (afterSlot + 1)
                      + " to "
                      + (fromSlot - 1)
                      + " are no longer retained here; continuing from slot "
                      + fromSlot)));
    }
    for (int k = 0; k < size; k++) {
      int i = (head + k) & (slots.length - 1);
      if (slots[i] > afterSlot && slots[i] <= slotExecuted && objects[i].equals(object)) {
        WriteRecord record =
            new WriteRecord(
                methods[i], args[i], outcomes[i], results[i], principals[i], clientIds[i]);
        effects.push(
            new WatchEvent(
                key.clientId(), key.watchId(), slots[i], WatchEvent.Kind.WRITE, record.encoded()));
      }
    }
  }

  private void forgetThrough(long slot) {
    while (size > 0 && slots[head] <= slot) {
      removeFirst();
    }
    fromSlot = Math.max(fromSlot, slot + 1);
  }

  private void removeFirst() {
    int i = head;
    bytes -= sizes[i];
    objects[i] = null; // the references go, so that what they hold can be collected
    methods[i] = null;
    args[i] = null;
    results[i] = null;
    principals[i] = null;
    head = (i + 1) & (slots.length - 1);
    size--;
  }

  /** Doubles the ring, the oldest entry first in the new arrays. */
  private void grow() {
    int capacity = slots.length;
    int first = capacity - head; // entries from head to the end of the arrays
    slots = unwrap(slots, new long[2 * capacity], first);
    sizes = unwrap(sizes, new long[2 * capacity], first);
    objects = unwrap(objects, new String[2 * capacity], first);
    methods = unwrap(methods, new String[2 * capacity], first);
    args = unwrap(args, new byte[2 * capacity][], first);
    outcomes = unwrap(outcomes, new long[2 * capacity], first);
    results = unwrap(results, new byte[2 * capacity][], first);
    principals = unwrap(principals, new String[2 * capacity], first);
    clientIds = unwrap(clientIds, new long[2 * capacity], first);
    head = 0;
  }

  /** Copies the full ring {@code from}, oldest first, to the start of {@code to}. */
  private static <A> A unwrap(A from, A to, int first) {
    int capacity = java.lang.reflect.Array.getLength(from);
    System.arraycopy(from, capacity - first, to, 0, first);
    System.arraycopy(from, 0, to, first, capacity - first);
    return to;
  }
}
