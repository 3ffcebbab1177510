package org.concoord.core.replica;

import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.SnapshotStream;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;

/**
 * The receiving side of chunked snapshots: one transfer at a time, from one source, pulled chunk
 * by chunk ({@link SnapshotFetch} for each next offset). A chunk is taken only from that source,
 * for that slot, at exactly the offset asked for; anything else is dropped. Whether a transfer may
 * start at all (a node this replica asked, a slot within what the leader announced) is
 * {@link CatchUp}'s rule. A transfer that stalls is asked again a few times, then abandoned.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class SnapshotIntake {
  /**
   * Fetches resent for one offset before the transfer is abandoned: patient (50 resend intervals,
   * 10 s at the runtime's), since a sender may be busy capturing a large snapshot for its disk.
   */
  static final int RETRIES_MAX = 50;

  private final Observer observer;
  private NodeId source;
  private long slot;
  private byte[] meta;
  private byte[] object;
  private long received;
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
    observer.mark("replica.snapshot-transfer-started");
    return take(first, nowTicks, effects);
  }

  /** The next chunk of the current transfer; the snapshot once it is complete, else null. */
  Snapshot onChunk(NodeId from, SnapshotChunk chunk, long nowTicks, Effects effects) {
    if (!from.equals(source) || chunk.slot() != slot || chunk.offset() != received
        || chunk.totalBytes() != meta.length + (long) object.length
        || chunk.metaBytes() != meta.length) {
      observer.mark("replica.snapshot-chunk-dropped");
      return null;
    }
    observer.mark("replica.snapshot-chunk-taken");
    return take(chunk, nowTicks, effects);
  }

  /** Asks again for a chunk that did not come; gives up after {@link #RETRIES_MAX}. */
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
    effects.send(source, new SnapshotFetch(slot, received));
  }

  void abandon() {
    source = null;
    meta = null;
    object = null;
  }

  private Snapshot take(SnapshotChunk chunk, long nowTicks, Effects effects) {
    byte[] data = chunk.data();
    int fromMeta = 0;
    if (received < meta.length) {
      fromMeta = (int) Math.min(data.length, meta.length - received);
      System.arraycopy(data, 0, meta, (int) received, fromMeta);
    }
    if (fromMeta < data.length) {
      System.arraycopy(data, fromMeta, object, (int) (received + fromMeta - meta.length),
          data.length - fromMeta);
    }
    received += data.length;
    progressTicks = nowTicks;
    retries = 0;
    if (received < meta.length + (long) object.length) {
      if (data.length == 0) {
        abandon(); // an empty chunk before the end would make this loop forever
        return null;
      }
      effects.send(source, new SnapshotFetch(slot, received));
      return null;
    }
    Decoded<Snapshot> decoded = SnapshotStream.decode(meta, object);
    abandon();
    if (decoded instanceof Decoded.Ok<Snapshot> ok && ok.value().slot() == chunk.slot()) {
      return ok.value();
    }
    observer.mark("replica.snapshot-refused");
    return null;
  }
}
