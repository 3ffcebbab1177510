package org.concoord.core.replica;

import java.util.ArrayDeque;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.value.ValueCodec;

/**
 * The recent executed write calls of every object, bounded by bytes, from which a write stream
 * (issue 21) that resumes, or starts from an earlier slot, is replayed. Every write since
 * {@link #fromSlot()} is here; a stream asking for older ones is told so ({@code GAP}) and
 * continues from what is retained.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class WriteHistory {
  /** Most bytes the history holds by default. */
  static final long BYTES_MAX_DEFAULT = 4L << 20;
  /** What one entry costs beyond its record and object name. */
  static final int ENTRY_OVERHEAD_BYTES = 64;

  private record Entry(long slot, String object, WriteRecord record) {
    long bytes() {
      return ENTRY_OVERHEAD_BYTES + 2L * object.length() + record.bytes();
    }
  }

  private final long bytesMax;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
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

  void add(long slot, String object, WriteRecord record) {
    Entry entry = new Entry(slot, object, record);
    if (entry.bytes() > bytesMax) {
      forgetThrough(slot);
      return;
    }
    entries.addLast(entry);
    bytes += entry.bytes();
    while (bytes > bytesMax) {
      forgetThrough(entries.peekFirst().slot());
    }
  }

  /** This replica jumped to {@code slot} (a snapshot): nothing before it is known here. */
  void restartAt(long slot) {
    entries.clear();
    bytes = 0;
    fromSlot = slot + 1;
  }

  /**
   * Pushes the writes of {@code object} after {@code afterSlot} to watch {@code key}, preceded by
   * a {@code GAP} if some of them are no longer retained.
   */
  void replay(String object, long afterSlot, long slotExecuted, Watches.Key key,
      Effects effects) {
    if (afterSlot + 1 < fromSlot) {
      effects.push(new WatchEvent(key.clientId(), key.watchId(), fromSlot - 1,
          WatchEvent.Kind.GAP, ValueCodec.encode("the writes of slots " + (afterSlot + 1)
              + " to " + (fromSlot - 1) + " are no longer retained here; continuing from slot "
              + fromSlot)));
    }
    for (Entry entry : entries) {
      if (entry.slot() > afterSlot && entry.slot() <= slotExecuted
          && entry.object().equals(object)) {
        effects.push(new WatchEvent(key.clientId(), key.watchId(), entry.slot(),
            WatchEvent.Kind.WRITE, entry.record().encoded()));
      }
    }
  }

  private void forgetThrough(long slot) {
    while (!entries.isEmpty() && entries.peekFirst().slot() <= slot) {
      bytes -= entries.removeFirst().bytes();
    }
    fromSlot = Math.max(fromSlot, slot + 1);
  }
}
