package org.concoord.core.replica;

import java.util.TreeMap;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.SnapshotStream;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;

/**
 * The receiving side of chunked snapshots: one transfer at a time, from one source, pulled with up
 * to {@link #WINDOW} fetches in flight ({@link SnapshotFetch} for each offset, at multiples of the
 * first chunk's length, which is the sender's chunk size). One fetch per round trip made a transfer
 * of many chunks outlast the run (simulator seed 255 on the session client: 425 chunks at 16 per
 * 100 ticks); Raft's and etcd's snapshot streams keep several in flight too. A chunk is taken only
 * from that source, for that slot, at an offset asked for; one that arrives ahead of its turn waits
 * (at most the window's), anything else is dropped. Whether a transfer may start at all (a node
 * this replica asked, a slot within what the leader announced) is {@link CatchUp}'s rule. A
 * transfer that stalls is asked again a few times, then abandoned.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class SnapshotIntake {
  /**
   * Fetches resent for one offset before the transfer is abandoned: patient (50 resend intervals,
   * 10 s at the runtime's), since a sender may be busy capturing a large snapshot for its disk.
   */
  static final int RETRIES_MAX = 50;

  /** Fetches in flight: the sender queues at most this many chunks for one receiver. */
  static final int WINDOW = 4;

  private final Observer observer;
  private NodeId source;
  private long slot;
  private byte[] meta;
  private byte[] object;
  private long received;

  /** The offset after the last one fetched. */
  private long fetchedUpTo;

  private int chunkBytes;

  /** Chunks that came ahead of their turn, by offset; at most {@link #WINDOW} - 1. */
  private final TreeMap<Long, byte[]> ahead = new TreeMap<>();

  private long progressTicks;
  private int retries;

  SnapshotIntake(Observer observer) {
    this.observer = observer;
  }

  boolean isActive() {
    return source != null;
  }

  /** Whether a transfer is on and its last chunk came within {@code resendTicks}. */
  boolean isProgressing(long nowTicks, long resendTicks) {
    return source != null && nowTicks - progressTicks < resendTicks;
  }

  NodeId source() {
    return source;
  }

  /** The slot of the snapshot being taken (meaningful while active). */
  long slot() {
    return slot;
  }

  /** Starts a transfer with its first chunk (offset 0); the caller checked that it may. */
  Snapshot start(NodeId from, SnapshotChunk first, long nowTicks, Effects effects) {
    source = from;
    slot = first.slot();
    meta = new byte[(int) first.metaBytes()];
    object = new byte[(int) (first.totalBytes() - first.metaBytes())];
    received = 0;
    chunkBytes = first.data().length;
    fetchedUpTo = chunkBytes;
    ahead.clear();
    observer.mark("replica.snapshot-transfer-started");
    return take(first.data(), first.slot(), nowTicks, effects);
  }

  /** The next chunk of the current transfer; the snapshot once it is complete, else null. */
  Snapshot onChunk(NodeId from, SnapshotChunk chunk, long nowTicks, Effects effects) {
    long offset = chunk.offset();
    if (!from.equals(source)
        || chunk.slot() != slot
        || chunk.totalBytes() != total()
        || chunk.metaBytes() != meta.length
        || offset < received
        || offset >= fetchedUpTo
        || (offset - received) % chunkBytes != 0
        || chunk.data().length != Math.min(chunkBytes, total() - offset)
        || ahead.containsKey(offset)) {
      observer.mark("replica.snapshot-chunk-dropped");
      return null;
    }
    observer.mark("replica.snapshot-chunk-taken");
    if (offset > received) {
      ahead.put(offset, chunk.data());
      return null;
    }
    return take(chunk.data(), chunk.slot(), nowTicks, effects);
  }

  /** Asks again for what did not come; gives up after {@link #RETRIES_MAX}. */
  void onTick(long nowTicks, long resendTicks, Effects effects) {
    if (source == null || nowTicks - progressTicks < resendTicks) {
      return;
    }
    if (++retries > RETRIES_MAX) {
      observer.mark("replica.snapshot-transfer-abandoned");
      abandon();
      return;
    }
    progressTicks = nowTicks;
    for (long offset = received; offset < fetchedUpTo; offset += chunkBytes) {
      if (!ahead.containsKey(offset)) {
        effects.send(source, new SnapshotFetch(slot, offset));
      }
    }
  }

  void abandon() {
    source = null;
    meta = null;
    object = null;
    ahead.clear();
  }

  private long total() {
    return meta.length + (long) object.length;
  }

  /** Takes the chunk at {@code received}, then those that waited behind it; fetches on. */
  private Snapshot take(byte[] data, long chunkSlot, long nowTicks, Effects effects) {
    for (byte[] next = data; next != null; next = ahead.remove(received)) {
      copy(next);
    }
    progressTicks = nowTicks;
    retries = 0;
    if (received < total()) {
      if (chunkBytes == 0) {
        abandon(); // an empty chunk before the end would make this loop forever
        return null;
      }
      while (fetchedUpTo < total() && fetchedUpTo < received + (long) WINDOW * chunkBytes) {
        effects.send(source, new SnapshotFetch(slot, fetchedUpTo));
        fetchedUpTo += chunkBytes;
      }
      return null;
    }
    Decoded<Snapshot> decoded = SnapshotStream.decode(meta, object);
    abandon();
    if (decoded instanceof Decoded.Ok<Snapshot> ok && ok.value().slot() == chunkSlot) {
      return ok.value();
    }
    observer.mark("replica.snapshot-refused");
    return null;
  }

  private void copy(byte[] data) {
    int fromMeta = 0;
    if (received < meta.length) {
      fromMeta = (int) Math.min(data.length, meta.length - received);
      System.arraycopy(data, 0, meta, (int) received, fromMeta);
    }
    if (fromMeta < data.length) {
      System.arraycopy(
          data,
          fromMeta,
          object,
          (int) (received + fromMeta - meta.length),
          data.length - fromMeta);
    }
    received += data.length;
  }
}
