package org.concoord.runtime;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A count of bytes held against a bound: the transport's input buffers, or its output queues.
 * Output frames are often one array queued on several connections (a broadcast encodes once), so a
 * large array is counted once however many queues hold it.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class ByteBudget {
  /** Arrays at least this large are counted once (smaller ones per queue, which is cheaper). */
  static final int SHARED_BYTES_MIN = 64 << 10;

  private final long max;
  private long used;
  private final Map<byte[], int[]> shared = new IdentityHashMap<>();

  ByteBudget(long max) {
    this.max = max;
  }

  long max() {
    return max;
  }

  long used() {
    return used;
  }

  /** Takes {@code bytes} if they fit; false (and nothing taken) if not. */
  boolean take(long bytes) {
    if (used + bytes > max) {
      return false;
    }
    used += bytes;
    return true;
  }

  /** Takes {@code bytes} even over the bound (the one connection finishing its frame). */
  void force(long bytes) {
    used += bytes;
  }

  void give(long bytes) {
    used = Math.max(0, used - bytes);
  }

  /** Takes room for one more queue holding {@code frame}; false if it does not fit. */
  boolean takeFrame(byte[] frame) {
    if (frame.length < SHARED_BYTES_MIN) {
      return take(frame.length);
    }
    int[] holders = shared.get(frame);
    if (holders != null) {
      holders[0]++;
      return true;
    }
    if (!take(frame.length)) {
      return false;
    }
    shared.put(frame, new int[] {1});
    return true;
  }

  /**
   * One queue no longer holds {@code frame}; true if that was the last queue holding a shared frame
   * (its bytes are given back).
   */
  boolean giveFrame(byte[] frame) {
    if (frame.length < SHARED_BYTES_MIN) {
      give(frame.length);
      return false;
    }
    int[] holders = shared.get(frame);
    if (holders != null && --holders[0] == 0) {
      shared.remove(frame);
      give(frame.length);
      return true;
    }
    return false;
  }
}
