package org.concoord.core.replica;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.core.Invariants;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Decision;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A leader's phase 2 in flight (PMMC's commanders): the proposals sent and not yet decided, by
 * slot, the Accepted counted per distinct acceptor of the view governing the slot (a safety rule),
 * the bytes they hold against the leader's budget, their resends, and decisions to every learner.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class LeaderProposals {
  /**
   * Bytes of a batch that add one tick to its resend interval (64 KiB a tick, 6.4 MB/s at 10 ms a
   * tick: what a loaded acceptor is assumed to receive, sync and acknowledge at the least). Batches
   * of ordinary commands stay under it and keep the plain interval.
   */
  static final long RESEND_BYTES_PER_TICK = 64 << 10;

  private final NodeId self;
  private final ReplicaConfig config;
  private final Set<Mutation> mutations;
  private final Observer observer;
  private final ViewHistory views;
  private final Map<Long, InFlight> inFlight = new HashMap<>();

  /** Encoded bytes of the batches proposed and not yet decided. */
  private long bytes;

  LeaderProposals(
      NodeId self,
      ReplicaConfig config,
      Set<Mutation> mutations,
      Observer observer,
      ViewHistory views) {
    this.self = self;
    this.config = config;
    this.mutations = mutations;
    this.observer = observer;
    this.views = views;
  }

  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return inFlight.isEmpty();
  }

  /** The slots in flight, for the leader's account of itself. */
  Set<Long> slots() {
    return inFlight.keySet();
  }

  /** When {@code slot}'s proposal was first sent, or -1 if none is in flight. */
  long proposedTicks(long slot) {
    InFlight sent = inFlight.get(slot);
    return sent == null ? -1 : sent.firstSentTicks;
  }

  /** Sends {@code pvalue}'s Propose to the acceptors of the view governing its slot. */
  void send(PValue pvalue, long nowTicks, Effects effects) {
    InFlight sent = new InFlight(pvalue, nowTicks);
    sent.bytes = WireSizes.batch(pvalue.batch());
    bytes += sent.bytes;
    inFlight.put(pvalue.slot(), sent);
    effects.broadcast(views.viewAt(pvalue.slot()).acceptors(), sent.propose);
  }

  /** Counts an Accepted; returns the proposal a quorum completes (no longer in flight), or null. */
  InFlight accept(NodeId from, Accepted accepted) {
    InFlight slot = inFlight.get(accepted.slot());
    if (slot == null) {
      return null; // decided already: a late or duplicate Accepted
    }
    View view = views.viewAt(accepted.slot());
    if (!view.acceptors().contains(from)) {
      return null;
    }
    if (!slot.accept(from)) {
      observer.mark("leader.duplicate-accepted");
    }
    boolean quorum =
        mutations.contains(Mutation.COUNT_DUPLICATE_ACCEPTS)
            ? slot.acceptedMessages >= view.quorumSize()
            : view.isQuorum(slot.acceptedBy);
    if (!quorum) {
      return null;
    }
    if (!mutations.contains(Mutation.COUNT_DUPLICATE_ACCEPTS)) {
      Invariants.quorumInsideView(
          self, accepted.slot(), views.viewAt(accepted.slot()), slot.acceptedBy);
    }
    inFlight.remove(accepted.slot());
    bytes -= slot.bytes;
    return slot;
  }

  /** The decision of {@code slot}, sent to every learner but this one (it returns it). */
  Decision decide(long slot, Batch batch, Effects effects) {
    Decision decision = new Decision(slot, batch);
    for (NodeId learnerNode : learnersFor(slot)) {
      if (!learnerNode.equals(self)) {
        effects.send(learnerNode, decision);
      }
    }
    return decision;
  }

  private Set<NodeId> learnersFor(long slot) {
    View latest = views.latest();
    View governing = views.viewAt(slot);
    if (latest == governing) {
      return latest.learners();
    }
    Set<NodeId> all = new TreeSet<>(latest.learners());
    all.addAll(governing.learners());
    return all;
  }

  /**
   * Abandons every proposal. Their commands may be queued again when their clients retry (they may
   * also still be chosen through recovery: the reply cache keeps that at most once).
   */
  void clear(LeaderQueue queue) {
    for (InFlight slot : inFlight.values()) {
      queue.forget(slot.pvalue.batch());
    }
    inFlight.clear();
    bytes = 0;
  }

  /** Sends again, to the acceptors that have not answered, each proposal that waited too long. */
  void resend(long nowTicks, Effects effects) {
    for (InFlight slot : inFlight.values()) {
      if (nowTicks - slot.sentTicks >= resendTicks(slot)) {
        observer.mark("leader.propose-resent");
        slot.sentTicks = nowTicks;
        for (NodeId acceptor : views.viewAt(slot.pvalue.slot()).acceptors()) {
          if (!slot.acceptedBy.contains(acceptor)) {
            effects.send(acceptor, slot.propose); // the same message: encoded once by the runtime
          }
        }
      }
    }
  }

  /**
   * How long a proposal waits for its Accepted before it is sent again: the resend interval, plus a
   * tick per {@link #RESEND_BYTES_PER_TICK} of its batch. An acceptor writes, syncs and answers a
   * 15 MiB batch in seconds on a loaded machine; resending it every 200 ms made the leader encode
   * and queue a copy per acceptor per interval, and run out of heap.
   */
  private long resendTicks(InFlight slot) {
    return config.resendTicks() + slot.bytes / RESEND_BYTES_PER_TICK;
  }
}
