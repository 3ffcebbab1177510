package org.concoord.core.replica;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.ViewHistory;

/**
 * Catch-up, both ways. Asking: a replica behind asks the leader (at most once per resend interval)
 * or, after a silence, every peer it knows, for the slots after its last executed one. Answering:
 * the decided slots asked for while they are retained, else a {@link Snapshot} of the state they
 * produced. A lagging or new replica (or a nameserver) thus needs one snapshot and at most the
 * retained log tail, never the whole history. The snapshot is reused while nothing new executes,
 * so a burst of requests costs one capture.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class CatchUp {
  private final NodeId self;
  private final DecisionLog log;
  private final SlotExecutor executor;
  private final ViewHistory views;
  private final ReplicaConfig config;
  private final Observer observer;
  private Snapshot lastSnapshot;
  private long askedTicks = Long.MIN_VALUE / 2;

  CatchUp(NodeId self, DecisionLog log, SlotExecutor executor, ViewHistory views,
      ReplicaConfig config, Observer observer) {
    this.self = self;
    this.log = log;
    this.executor = executor;
    this.views = views;
    this.config = config;
    this.observer = observer;
  }

  /** Asks {@code leader} for what this replica lacks, unless it asked very recently. */
  void askLeader(NodeId leader, long nowTicks, Effects effects) {
    if (nowTicks - askedTicks < config.resendTicks()) {
      return;
    }
    askedTicks = nowTicks;
    observer.mark("replica.catch-up-requested");
    effects.send(leader, new CatchUpRequest(log.slotExecutedMax() + 1));
  }

  /** Asks every other replica this one knows of (it heard from no leader for a while). */
  void askPeers(Effects effects) {
    CatchUpRequest request = new CatchUpRequest(log.slotExecutedMax() + 1);
    for (NodeId peer : views.latest().replicas()) {
      if (!peer.equals(self)) {
        effects.send(peer, request);
      }
    }
  }

  /** As {@link #askPeers}, unless this replica asked anyone very recently. */
  void askPeersUnlessRecent(long nowTicks, Effects effects) {
    if (nowTicks - askedTicks < config.resendTicks()) {
      return;
    }
    askedTicks = nowTicks;
    observer.mark("replica.catch-up-from-peers-prompted");
    askPeers(effects);
  }

  /** Something arrived and more may be missing: the next heartbeat may ask again at once. */
  void answered() {
    askedTicks = Long.MIN_VALUE / 2;
  }

  /**
   * Replaces the replicated state by {@code snapshot}'s if it is ahead; false (nothing changed)
   * if it is not, or if its object bytes do not restore (another code, or damaged).
   */
  boolean restore(Snapshot snapshot) {
    if (snapshot.slot() <= log.slotExecutedMax()) {
      return false; // stale or duplicate: this replica is there already
    }
    try {
      executor.restore(snapshot);
    } catch (RuntimeException e) {
      observer.mark("replica.snapshot-refused");
      return false;
    }
    log.restartAt(snapshot.slot());
    answered();
    return true;
  }

  /** The state after the last executed slot, or null before the first slot executes. */
  Snapshot capture() {
    long slot = log.slotExecutedMax();
    return slot < 1 ? null : executor.snapshot(slot);
  }

  void onRequest(NodeId from, CatchUpRequest request, Effects effects) {
    int batchMax = config.catchUpBatchMax();
    if (request.fromSlot() < log.slotRetainedMin() && request.fromSlot() <= log.slotExecutedMax()) {
      Snapshot snapshot = snapshot();
      if (snapshot != null) {
        observer.mark("replica.snapshot-sent");
        effects.send(from, snapshot);
      }
      return;
    }
    List<Batch> batches = log.executedFrom(request.fromSlot(), batchMax);
    if (!batches.isEmpty()) {
      effects.send(from, new CatchUpReply(request.fromSlot(), batches));
    }
  }

  /** The state as of the last executed slot, or null if the object cannot be snapshotted. */
  private Snapshot snapshot() {
    long slot = log.slotExecutedMax();
    if (lastSnapshot == null || lastSnapshot.slot() != slot) {
      try {
        lastSnapshot = capture();
      } catch (RuntimeException e) { // refused at load normally; never let a peer crash us
        observer.mark("replica.snapshot-failed");
        return null;
      }
    }
    return lastSnapshot;
  }
}
