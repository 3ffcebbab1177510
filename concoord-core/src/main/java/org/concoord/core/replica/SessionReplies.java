package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.concoord.core.host.Response;
import org.concoord.core.message.Snapshot;

/**
 * One session's unacknowledged calls, by seq: each has a cached reply, or is parked (executed,
 * waiting to be released), or both. Parallel arrays sorted by seq, live between {@code start} and
 * {@code end}: a client's seqs are mostly dense, executed in order and acknowledged as a prefix
 * ({@code ackedBelow}), so a call is appended at the end, found at its offset from the first seq (a
 * binary search when seqs have gaps), and acknowledgment moves {@code start}. It replaced two tree
 * maps keyed by boxed seqs, about a third of the core's time (docs/performance.md). Memory follows
 * the number of entries, never the span of seqs, whatever seqs a client sends.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class SessionReplies {
  private static final int CAPACITY_MIN = 4;

  private long[] seqs = new long[CAPACITY_MIN];
  private Response[] replies = new Response[CAPACITY_MIN];
  private boolean[] parked = new boolean[CAPACITY_MIN];
  private int start;
  private int end;
  private int replyCount;
  private int parkedCount;

  /** Cached replies plus parked calls (a call with both counts twice, as in two separate sets). */
  int outstanding() {
    return replyCount + parkedCount;
  }

  int replyCount() {
    return replyCount;
  }

  boolean hasParked() {
    return parkedCount > 0;
  }

  /** Whether {@code seq} has a cached reply or is parked. */
  boolean contains(long seq) {
    return indexOf(seq) >= 0;
  }

  /** The cached reply of {@code seq}, or null. */
  Response reply(long seq) {
    int i = indexOf(seq);
    return i < 0 ? null : replies[i];
  }

  boolean isParked(long seq) {
    int i = indexOf(seq);
    return i >= 0 && parked[i];
  }

  /**
   * Caches {@code response} for {@code seq}, which is no longer parked; returns the former reply.
   */
  Response put(long seq, Response response) {
    int i = slotFor(seq);
    Response previous = replies[i];
    if (previous == null) {
      replyCount++;
    }
    replies[i] = response;
    if (parked[i]) {
      parked[i] = false;
      parkedCount--;
    }
    return previous;
  }

  void park(long seq) {
    int i = slotFor(seq);
    if (!parked[i]) {
      parked[i] = true;
      parkedCount++;
    }
  }

  /** Forgets every call below {@code seq}; returns the payload bytes of the replies forgotten. */
  long dropBelow(long seq) {
    long bytes = 0;
    int i = start;
    while (i < end && seqs[i] < seq) {
      if (replies[i] != null) {
        bytes += replies[i].payload().length;
        replies[i] = null;
        replyCount--;
      }
      if (parked[i]) {
        parked[i] = false;
        parkedCount--;
      }
      i++;
    }
    start = i;
    if (start == end) {
      start = 0;
      end = 0;
    }
    if (seqs.length > CAPACITY_MIN * 4 && (end - start) * 4 <= seqs.length) {
      resize(seqs.length / 2); // a burst of calls acknowledged: give its memory back
    }
    return bytes;
  }

  /** The cached replies in seq order, as a snapshot carries them. */
  List<Snapshot.Reply> exportReplies() {
    List<Snapshot.Reply> out = new ArrayList<>(replyCount);
    for (int i = start; i < end; i++) {
      if (replies[i] != null) {
        out.add(new Snapshot.Reply(seqs[i], replies[i]));
      }
    }
    return out;
  }

  /** The parked seqs in order. */
  List<Long> parkedSeqs() {
    if (parkedCount == 0) {
      return List.of();
    }
    List<Long> out = new ArrayList<>(parkedCount);
    for (int i = start; i < end; i++) {
      if (parked[i]) {
        out.add(seqs[i]);
      }
    }
    return List.copyOf(out);
  }

  /** The index of {@code seq}, or -1. Dense seqs are found at their offset from the first. */
  private int indexOf(long seq) {
    int count = end - start;
    if (count == 0 || seq > seqs[end - 1] || seq < seqs[start]) {
      return -1; // the usual miss: a new call, past the last one (not worth a search)
    }
    long offset = seq - seqs[start]; // may overflow: the guess is checked before use
    if (offset >= 0 && offset < count && seqs[start + (int) offset] == seq) {
      return start + (int) offset;
    }
    int found = Arrays.binarySearch(seqs, start, end, seq);
    return found >= 0 ? found : -1;
  }

  /** The index of {@code seq}, inserted in order (with no reply, not parked) if absent. */
  private int slotFor(long seq) {
    if (start == end || seq > seqs[end - 1]) {
      if (end == seqs.length) {
        makeRoom();
      }
      seqs[end] = seq;
      return end++;
    }
    int found = indexOf(seq);
    if (found >= 0) {
      return found;
    }
    if (end == seqs.length) {
      makeRoom();
    }
    int at = -Arrays.binarySearch(seqs, start, end, seq) - 1;
    System.arraycopy(seqs, at, seqs, at + 1, end - at);
    System.arraycopy(replies, at, replies, at + 1, end - at);
    System.arraycopy(parked, at, parked, at + 1, end - at);
    seqs[at] = seq;
    replies[at] = null;
    parked[at] = false;
    end++;
    return at;
  }

  /** Frees the slot after {@code end}: moves the entries to the front, or doubles the arrays. */
  private void makeRoom() {
    int count = end - start;
    resize(count * 2 <= seqs.length ? seqs.length : seqs.length * 2);
  }

  private void resize(int capacity) {
    int count = end - start;
    long[] newSeqs = capacity == seqs.length ? seqs : new long[capacity];
    Response[] newReplies = capacity == seqs.length ? replies : new Response[capacity];
    boolean[] newParked = capacity == seqs.length ? parked : new boolean[capacity];
    System.arraycopy(seqs, start, newSeqs, 0, count);
    System.arraycopy(replies, start, newReplies, 0, count);
    System.arraycopy(parked, start, newParked, 0, count);
    if (capacity == seqs.length) {
      Arrays.fill(replies, count, end, null);
      Arrays.fill(parked, count, end, false);
    }
    seqs = newSeqs;
    replies = newReplies;
    parked = newParked;
    start = 0;
    end = count;
  }
}
