package org.concoord.core.replica;

import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.codec.SnapshotStream;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;

/**
 * The sending side of chunked snapshots. One snapshot at a time is kept for the replicas being
 * served (a burst of requests costs one capture, and every receiver pulls from the same bytes);
 * each {@link SnapshotFetch} is answered with the one chunk it names, so a sender never queues more
 * than a receiver's window of chunks ({@link SnapshotIntake#WINDOW}), whatever the state's size.
 * The kept snapshot is reused while the log right after it is still retained here (a receiver can
 * then continue with the log) or while a receiver is pulling it ({@link #isServing}: it is never
 * replaced under a transfer), and dropped once nobody fetched from it for {@link #IDLE_TICKS}.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class SnapshotOutbox {
  /** Ticks without a fetch after which the kept snapshot is dropped (its bytes freed). */
  static final long IDLE_TICKS = 3_000;

  private final DecisionLog log;
  private final SlotExecutor executor;
  private final ReplicaConfig config;
  private final Observer observer;
  private Snapshot snapshot;
  private byte[] meta;
  private long servedTicks;

  SnapshotOutbox(DecisionLog log, SlotExecutor executor, ReplicaConfig config, Observer observer) {
    this.log = log;
    this.executor = executor;
    this.config = config;
    this.observer = observer;
  }

  /**
   * Starts sending a snapshot to {@code to}, which asked for slots from {@code fromSlot} on that
   * are no longer retained ({@code current}: it asked for the state as of now, to recover from
   * divergence).
   */
  void offer(NodeId to, boolean current, long fromSlot, long nowTicks, Effects effects) {
    if (!prepare(current, fromSlot, nowTicks)) {
      return;
    }
    observer.mark("replica.snapshot-sent");
    servedTicks = nowTicks;
    effects.send(to, chunk(0));
  }

  /** Answers a receiver's fetch of the next chunk, if this is still the snapshot it fetches. */
  void onFetch(NodeId from, SnapshotFetch fetch, long nowTicks, Effects effects) {
    if (fetch.slot() == 0) {
      offer(from, true, 0, nowTicks, effects);
      return;
    }
    if (snapshot != null && snapshot.slot() == fetch.slot() && !encoded()) {
      return; // dropped: the receiver's next fetch starts it on a new one
    }
    if (snapshot == null || snapshot.slot() != fetch.slot() || fetch.offset() >= total()) {
      observer.mark("replica.snapshot-fetch-unknown");
      // Another snapshot by now (or none): start the receiver on this one at once, rather than
      // let it ask for a gone one until it gives up (seed 40000538: a removed replica stalled so,
      // missing its removal, and campaigned meanwhile).
      if (snapshot == null || snapshot.slot() != fetch.slot()) {
        offer(from, false, fetch.slot(), nowTicks, effects);
      }
      return;
    }
    servedTicks = nowTicks;
    effects.send(from, chunk(fetch.offset()));
  }

  void onTick(long nowTicks) {
    if (snapshot != null && nowTicks - servedTicks > IDLE_TICKS) {
      snapshot = null;
      meta = null;
    }
  }

  /**
   * Whether a receiver is pulling the kept snapshot: fetched within two resend intervals (a stalled
   * receiver asks again every interval). Replacing it now would send that receiver back to the
   * first chunk of another.
   */
  boolean isServing(long nowTicks) {
    return snapshot != null && nowTicks - servedTicks <= 2L * config.resendTicks();
  }

  /** The snapshot kept for sending, or null. */
  Snapshot kept() {
    return snapshot;
  }

  /**
   * Forgets the kept snapshot, before a new one is captured: a large state is then never held in
   * two snapshots at once (a receiver fetching the old one's chunks starts over, as after any newer
   * snapshot).
   */
  void drop() {
    snapshot = null;
    meta = null;
  }

  /**
   * Keeps {@code captured} (the state as of the last executed slot) for sending. Its meta part is
   * encoded when a receiver first asks for it: most snapshots kept (one per digest interval) are
   * replaced before anyone does, and encoding each was 3 % of the core.
   */
  void keep(Snapshot captured) {
    snapshot = captured;
    meta = null;
  }

  /** The kept snapshot's meta part, encoded (the same bytes whenever it is encoded). */
  private byte[] meta() {
    if (meta == null) {
      meta = SnapshotStream.encodeMeta(snapshot);
    }
    return meta;
  }

  /**
   * Keeps a snapshot fit for a receiver that lacks {@code fromSlot} on. One being pulled by another
   * receiver is fit if it moves this one on at all, though the log after it is gone: each completed
   * transfer is progress (the receiver then asks again), whereas replacing a snapshot under a
   * transfer slower than the log's retention would restart every receiver forever (seed
   * 1796666623214254: three lagging replicas never caught up, and a removed one, not learning its
   * removal, kept winning elections).
   */
  private boolean prepare(boolean current, long fromSlot, long nowTicks) {
    long executed = log.slotExecutedMax();
    if (executed < 1) {
      return false;
    }
    boolean fit =
        snapshot != null
            && (current
                ? snapshot.slot() == executed
                : snapshot.slot() >= fromSlot
                    && (snapshot.slot() + 1 >= log.slotRetainedMin() || isServing(nowTicks)));
    if (!fit) {
      try {
        drop();
        keep(executor.snapshot(executed));
      } catch (RuntimeException e) { // refused at load normally; never let a peer crash us
        observer.mark("replica.snapshot-failed");
        return false;
      }
    }
    return encoded();
  }

  /**
   * Encodes the kept snapshot's meta part if not yet done, where a failure is caught before any
   * chunk is sent (the snapshot is then dropped); whether it is encoded.
   */
  private boolean encoded() {
    try {
      meta();
      return true;
    } catch (RuntimeException e) { // never let a peer crash us
      observer.mark("replica.snapshot-failed");
      drop();
      return false;
    }
  }

  private long total() {
    return meta().length + (long) snapshot.object().length;
  }

  private SnapshotChunk chunk(long offset) {
    long total = total();
    byte[] metaBytes = meta();
    int length = (int) Math.min(config.snapshotChunkBytes(), total - offset);
    byte[] data = new byte[length];
    int fromMeta = 0;
    if (offset < metaBytes.length) {
      fromMeta = (int) Math.min(length, metaBytes.length - offset);
      System.arraycopy(metaBytes, (int) offset, data, 0, fromMeta);
    }
    if (fromMeta < length) {
      long objectOffset = offset + fromMeta - metaBytes.length;
      System.arraycopy(snapshot.object(), (int) objectOffset, data, fromMeta, length - fromMeta);
    }
    return new SnapshotChunk(snapshot.slot(), metaBytes.length, total, offset, data);
  }
}
