package org.concoord.core.replica;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.Truncate;
import org.concoord.core.view.ViewHistory;

/**
 * Truncation of the acceptors' logs. Every replica tells its leader the slot of its latest durable
 * snapshot ({@code SnapshotSaved}); after each slot the leader decides and executes, it may let the
 * acceptors forget what lies beyond the replicas' retention window, never beyond what every replica
 * of the newest view has durably snapshotted. Kept apart from {@link Leader}, since it needs the
 * executed state: the replica runs it after executing a decision.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class Truncation {
  /** Slots between two Truncate messages: forgetting is batched, not per slot. */
  static final int TRUNCATE_EVERY_SLOTS = 1024;

  private final NodeId self;
  private final ReplicaConfig config;
  private final ViewHistory views;
  private final DecisionLog log;
  private long truncatedBelow = 1;

  /** Each replica's latest durable snapshot slot, as it reported ({@code SnapshotSaved}). */
  private final Map<NodeId, Long> snapshotSaved = new HashMap<>();

  /** The slot of this replica's latest durable snapshot; -1 while it keeps nothing on disk. */
  private long savedHere = -1;

  private long savedHereReported = -1;
  private Ballot savedHereReportedTo = Ballot.ZERO;

  Truncation(NodeId self, ReplicaConfig config, ViewHistory views, DecisionLog log) {
    this.self = self;
    this.config = config;
    this.views = views;
    this.log = log;
  }

  /**
   * The runtime wrote a snapshot of slots 1..{@code slot} durably here (or, with 0 at start, says
   * that this replica keeps its snapshots on disk).
   */
  void savedHere(long slot) {
    savedHere = Math.max(savedHere, slot);
    reported(self, savedHere);
  }

  /** This replica executed a slot: one that keeps nothing on disk counts its executed slot. */
  void executedHere() {
    if (savedHere < 0) {
      reported(self, log.slotExecutedMax());
    }
  }

  /**
   * Tells the leader of {@code ballot} the slot of this replica's latest durable snapshot (its
   * executed slot if it keeps nothing on disk) when that changed or the leader is new to it.
   */
  void report(NodeId leaderNode, Ballot ballot, Effects effects) {
    long saved = savedHere < 0 ? log.slotExecutedMax() : savedHere;
    if (saved != savedHereReported || !ballot.equals(savedHereReportedTo)) {
      savedHereReported = saved;
      savedHereReportedTo = ballot;
      effects.send(leaderNode, new SnapshotSaved(saved));
    }
  }

  /**
   * {@code replica} reports that its latest durable snapshot covers slots 1..{@code slot}. Kept for
   * the replicas of the newest view only (bounded by its size).
   */
  void reported(NodeId replica, long slot) {
    if (!views.latest().replicas().contains(replica)) {
      return;
    }
    snapshotSaved.merge(replica, slot, Math::max);
    if (snapshotSaved.size() > views.latest().replicas().size()) {
      snapshotSaved.keySet().retainAll(views.latest().replicas());
    }
  }

  /**
   * The lowest durable snapshot slot over the newest view's replicas (0 if one has not reported):
   * below it every replica restarting from its own disk finds the log it needs.
   */
  private long snapshotSavedMin() {
    long min = Long.MAX_VALUE;
    for (NodeId replica : views.latest().replicas()) {
      min = Math.min(min, snapshotSaved.getOrDefault(replica, 0L));
    }
    return min;
  }

  /**
   * Every {@link #TRUNCATE_EVERY_SLOTS} slots, lets the acceptors forget what lies beyond the
   * replicas' retention window: no replica can be helped with those slots any more anyway. Never
   * beyond what every replica has durably snapshotted: a snapshot that failed to write (a full
   * disk, a state over the frame bound) must not leave a gap that a restart of every node could not
   * fill from the acceptors. Called after this leader's decision executed here.
   */
  void afterDecision(Effects effects) {
    long bySlots = log.slotExecutedMax() - config.decisionRetentionSlots();
    long byBytes = log.forgottenForBytesBelow(); // large slots forgotten early (retainedBytesMax)
    if (!truncates(Math.max(bySlots, byBytes), byBytes)) {
      return; // asked on every decision: the replicas' snapshots are looked at only when due
    }
    long below = Math.min(Math.max(bySlots, byBytes), snapshotSavedMin() + 1);
    if (!truncates(below, byBytes)) {
      return;
    }
    truncatedBelow = below;
    Truncate truncate = new Truncate(below);
    Set<NodeId> acceptors = new TreeSet<>(views.viewAt(below).acceptors());
    acceptors.addAll(views.latest().acceptors());
    effects.broadcast(acceptors, truncate);
  }

  private boolean truncates(long below, long byBytes) {
    return below > truncatedBelow
        && (below >= truncatedBelow + TRUNCATE_EVERY_SLOTS || byBytes > truncatedBelow);
  }
}
