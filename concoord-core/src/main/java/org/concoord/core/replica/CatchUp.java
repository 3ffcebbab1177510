package org.concoord.core.replica;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.view.ViewHistory;

/**
 * Catch-up, both ways. Asking: a replica behind asks the leader (at most once per resend interval)
 * or, after a silence, every peer it knows, for the slots after its last executed one. Answering:
 * the decided slots asked for while they are retained, else a snapshot of the state they produced,
 * streamed in chunks ({@link SnapshotOutbox}, {@link SnapshotIntake}); a nameserver, which needs
 * only the views, gets them as one small {@link Snapshot}. A lagging or new replica thus needs one
 * snapshot and at most the retained log tail, never the whole history.
 *
 * <p>A snapshot is taken only as the answer to a request: its first chunk must come from a node
 * this replica asked, for a slot ahead of it and not beyond what the leader announced (a heartbeat
 * or a decision), and its views must continue this replica's own history. After a silence with no
 * leader heard, nothing is announced: there may be no leader at all (the view's only replica
 * restarted empty, and only a removed replica holds the state), so then a snapshot beyond what was
 * announced is taken too, from a replica asked in that silence.
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
  private final SnapshotOutbox outbox;
  private final SnapshotIntake intake;

  /** Nodes asked since the last snapshot restored; bounded by the replicas of the views. */
  private final Set<NodeId> asked = new HashSet<>();

  private long slotAnnouncedMax;

  /** Asked every peer after a silence and heard no leader since: nothing can be announced. */
  private boolean leaderless;

  private long askedTicks = Long.MIN_VALUE / 2;

  CatchUp(
      NodeId self,
      DecisionLog log,
      SlotExecutor executor,
      ViewHistory views,
      ReplicaConfig config,
      Observer observer) {
    this.self = self;
    this.log = log;
    this.executor = executor;
    this.views = views;
    this.config = config;
    this.observer = observer;
    this.outbox = new SnapshotOutbox(log, executor, config, observer);
    this.intake = new SnapshotIntake(observer);
  }

  /** Asks {@code leader} for what this replica lacks, unless it asked very recently. */
  void askLeader(NodeId leader, long nowTicks, Effects effects) {
    if (nowTicks - askedTicks < config.resendTicks() || intake.isActive()) {
      // A snapshot is on its way: asking again would only restart it from its first chunk.
      return;
    }
    askedTicks = nowTicks;
    observer.mark("replica.catch-up-requested");
    ask(leader, new CatchUpRequest(log.slotExecutedMax() + 1), effects);
  }

  /** A reply from {@code peer} moved this replica on: asks it for what follows. */
  void askNext(NodeId peer, long nowTicks, Effects effects) {
    if (intake.isActive()) {
      return;
    }
    askedTicks = nowTicks;
    observer.mark("replica.catch-up-continued");
    ask(peer, new CatchUpRequest(log.slotExecutedMax() + 1), effects);
  }

  /**
   * Asks every other replica this one knows of: it heard from no leader for a while (so a snapshot
   * beyond what was announced may be taken until a leader is heard again).
   */
  void askPeersInSilence(NodeId leaderHeard, Effects effects) {
    leaderless = true;
    askPeers(leaderHeard, effects);
  }

  /**
   * Asks the replicas of the newest view this replica knows and {@code leaderHeard} (the leader of
   * the highest ballot it heard of, or null): a replica whose views are old may know no current
   * member at all (one restarted empty from a genesis view that named only itself), but an
   * acceptor's preemption told it who leads now ({@link ReplicaSenders} lets that leader teach it).
   */
  private void askPeers(NodeId leaderHeard, Effects effects) {
    if (intake.isActive()) {
      return; // a snapshot is on its way (it asks again itself if it stalls)
    }
    CatchUpRequest request = new CatchUpRequest(log.slotExecutedMax() + 1);
    for (NodeId peer : views.latest().replicas()) {
      if (!peer.equals(self)) {
        ask(peer, request, effects);
      }
    }
    if (leaderHeard != null
        && !leaderHeard.equals(self)
        && !views.latest().replicas().contains(leaderHeard)) {
      ask(leaderHeard, request, effects);
    }
  }

  /**
   * Whether a snapshot is arriving: a transfer is on and its last chunk came within two resend
   * intervals (a stalled one does not count, so it holds nothing back).
   */
  boolean isReceivingSnapshot(long nowTicks) {
    return intake.isProgressing(nowTicks, 2L * config.resendTicks());
  }

  /** Asks {@code peer} for a snapshot of its current state (to recover from divergence). */
  void askSnapshot(NodeId peer, Effects effects) {
    ask(peer, new SnapshotFetch(0, 0), effects);
  }

  private void ask(NodeId peer, Message request, Effects effects) {
    if (asked.size() < 4 * views.latest().replicas().size() + 8) {
      asked.add(peer);
    }
    effects.send(peer, request);
  }

  /** The leader announced (or this replica learned) that {@code slot} is decided. */
  void announced(long slot) {
    slotAnnouncedMax = Math.max(slotAnnouncedMax, slot);
  }

  /** The leader this replica follows was heard: snapshots are again capped by its announcements. */
  void leaderHeard(long slotDecidedMax) {
    leaderless = false;
    announced(slotDecidedMax);
  }

  /** As {@link #askPeers}, unless this replica asked anyone very recently. */
  void askPeersUnlessRecent(NodeId leaderHeard, long nowTicks, Effects effects) {
    if (nowTicks - askedTicks < config.resendTicks()) {
      return;
    }
    askedTicks = nowTicks;
    observer.mark("replica.catch-up-from-peers-prompted");
    askPeers(leaderHeard, effects);
  }

  /** Something arrived and more may be missing: the next heartbeat may ask again at once. */
  void answered() {
    askedTicks = Long.MIN_VALUE / 2;
  }

  /**
   * A chunk of a snapshot; returns the whole snapshot once it is complete and acceptable, else
   * null. {@code slotMin} is the lowest slot this replica would restore.
   */
  Snapshot onChunk(NodeId from, SnapshotChunk chunk, long slotMin, long nowTicks, Effects effects) {
    Snapshot done;
    if (chunk.offset() == 0
        && intake.isActive()
        && from.equals(intake.source())
        && chunk.slot() != intake.slot()) {
      intake.abandon(); // the source moved to a newer snapshot: take that one from its start
    }
    if (chunk.offset() == 0 && !intake.isActive()) {
      if (!mayStart(from, chunk, slotMin)) {
        return null;
      }
      done = intake.start(from, chunk, nowTicks, effects);
    } else if (intake.isActive()) {
      done = intake.onChunk(from, chunk, nowTicks, effects);
    } else {
      observer.mark("replica.snapshot-chunk-dropped");
      return null;
    }
    if (done == null) {
      return null;
    }
    if (!continuesHistory(done.views())) {
      observer.mark("replica.snapshot-discontinuous");
      return null;
    }
    return done;
  }

  private boolean mayStart(NodeId from, SnapshotChunk first, long slotMin) {
    String refusal = null;
    if (!asked.contains(from)) {
      refusal = "replica.snapshot-unasked";
    } else if (first.slot() < slotMin) {
      refusal = "replica.snapshot-stale";
    } else if (first.slot() > slotAnnouncedMax && !leaderless) {
      refusal = "replica.snapshot-beyond-announced";
    } else if (first.totalBytes() > receiveBytesMax()) {
      refusal = "replica.snapshot-too-large";
    }
    if (refusal != null) {
      observer.mark(refusal);
      return false;
    }
    if (first.slot() > slotAnnouncedMax) {
      observer.mark("replica.snapshot-taken-leaderless");
    }
    return true;
  }

  /** Most bytes a snapshot may have to be taken: twice the state quota, within an array. */
  private long receiveBytesMax() {
    long arrayMax = Integer.MAX_VALUE - 8;
    return config.stateMaxBytes() == 0
        ? arrayMax
        : Math.min(arrayMax, 2 * config.stateMaxBytes() + (64 << 20));
  }

  /**
   * Whether {@code restored} extends this replica's own view history: every view it knows governs
   * the same slots there. A snapshot of another instance, or of a forked history, is refused.
   */
  private boolean continuesHistory(List<ViewHistory.Entry> restored) {
    List<ViewHistory.Entry> own = views.entries();
    if (own.size() > restored.size()) {
      return false;
    }
    return restored.subList(0, own.size()).equals(own);
  }

  /** A snapshot was restored: the next one needs a new request. */
  void restored() {
    asked.clear();
    intake.abandon();
    answered();
  }

  void onTick(long nowTicks, Effects effects) {
    intake.onTick(nowTicks, config.resendTicks(), effects);
    outbox.onTick(nowTicks);
  }

  /** The state after the last executed slot, or null before the first slot executes. */
  Snapshot capture(long nowTicks) {
    long slot = log.slotExecutedMax();
    if (slot < 1) {
      return null;
    }
    Snapshot kept = outbox.kept();
    if (kept != null && kept.slot() == slot) {
      return kept;
    }
    if (outbox.isServing(nowTicks)) {
      // A receiver is pulling the kept one: it stays (two snapshots for the transfer's length,
      // within the memory breaker's check), or snapshots taken for the disk or the digest more
      // often than a transfer lasts would restart that transfer forever.
      return executor.snapshot(slot);
    }
    outbox.drop(); // nobody pulls the old one: it goes first, not to hold a large state twice
    Snapshot captured = executor.snapshot(slot);
    outbox.keep(captured);
    return captured;
  }

  void onFetch(NodeId from, SnapshotFetch fetch, long nowTicks, Effects effects) {
    outbox.onFetch(from, fetch, nowTicks, effects);
  }

  void onRequest(NodeId from, CatchUpRequest request, long nowTicks, Effects effects) {
    if (request.fromSlot() < log.slotRetainedMin() && request.fromSlot() <= log.slotExecutedMax()) {
      if (views.latest().nameservers().contains(from)) {
        sendViews(from, effects);
      } else {
        outbox.offer(from, false, request.fromSlot(), nowTicks, effects);
      }
      return;
    }
    // Cut by bytes too: the requester asks again from where this reply ends.
    List<Batch> batches =
        log.executedFrom(
            request.fromSlot(), config.catchUpBatchMax(), config.budgets().catchUpBytesMax());
    if (!batches.isEmpty()) {
      effects.send(from, new CatchUpReply(request.fromSlot(), batches));
    }
  }

  /** A nameserver learns only views: they travel as one small Snapshot without object state. */
  private void sendViews(NodeId to, Effects effects) {
    long slot = log.slotExecutedMax();
    observer.mark("replica.views-sent");
    effects.send(
        to, new Snapshot(slot, executor.clockTicks(), views.entries(), 0, List.of(), new byte[0]));
  }
}
