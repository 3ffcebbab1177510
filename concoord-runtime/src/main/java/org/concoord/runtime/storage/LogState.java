package org.concoord.runtime.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.concoord.core.Ballot;
import org.concoord.core.PValue;
import org.concoord.core.effects.DurableWrite;

/**
 * What the log's writes add up to, kept beside the log so that it can be compacted without asking
 * the acceptor: the promised ballot, the truncation point and the pvalue per slot, replayed with
 * the acceptor's own rules ({@code Acceptor.recover}), plus how many bytes of the file each
 * retained pvalue's record takes. The pvalues are the acceptor's own immutable objects, shared, not
 * copies.
 *
 * <p>Not thread-safe: owned by the log's syncer thread. Does no I/O.
 */
final class LogState {
  /** Bound on the bytes of the promise and truncation records a snapshot adds to the pvalues. */
  static final int FIXED_RECORDS_BYTES_MAX = 1024;

  private record Retained(PValue pvalue, int recordBytes) {}

  private Ballot promised = Ballot.ZERO;
  private long slotTruncatedBelow = 1;
  private final NavigableMap<Long, Retained> accepted = new TreeMap<>();
  private long acceptedBytes;

  void apply(DurableWrite write, int recordBytes) {
    if (write instanceof DurableWrite.PromiseWrite p) {
      promised = max(promised, p.ballot());
    } else if (write instanceof DurableWrite.AcceptWrite a) {
      promised = max(promised, a.pvalue().ballot());
      Retained previous = accepted.put(a.pvalue().slot(), new Retained(a.pvalue(), recordBytes));
      acceptedBytes += recordBytes - (previous == null ? 0 : previous.recordBytes());
    } else if (write instanceof DurableWrite.TruncateWrite t) {
      if (t.slotBelow() > slotTruncatedBelow) {
        slotTruncatedBelow = t.slotBelow();
        Map<Long, Retained> dropped = accepted.headMap(slotTruncatedBelow);
        for (Retained retained : dropped.values()) {
          acceptedBytes -= retained.recordBytes();
        }
        dropped.clear();
      }
    }
  }

  /** Bytes a snapshot of this state takes, at most. */
  long liveBytes() {
    return acceptedBytes + FIXED_RECORDS_BYTES_MAX;
  }

  /** The fewest writes that replay to this state: truncation, promise, retained pvalues. */
  List<DurableWrite> snapshot() {
    List<DurableWrite> writes = new ArrayList<>(accepted.size() + 2);
    if (slotTruncatedBelow > 1) {
      writes.add(new DurableWrite.TruncateWrite(slotTruncatedBelow));
    }
    if (!promised.equals(Ballot.ZERO)) {
      writes.add(new DurableWrite.PromiseWrite(promised));
    }
    for (Retained retained : accepted.values()) {
      writes.add(new DurableWrite.AcceptWrite(retained.pvalue()));
    }
    return writes;
  }

  Ballot promised() {
    return promised;
  }

  long slotTruncatedBelow() {
    return slotTruncatedBelow;
  }

  int acceptedCount() {
    return accepted.size();
  }

  private static Ballot max(Ballot a, Ballot b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
