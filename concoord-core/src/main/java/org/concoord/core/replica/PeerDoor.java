package org.concoord.core.replica;

import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Promise;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.StateDigest;

/**
 * A replica's second door, a peer's message: admitted by its sender ({@link ReplicaSenders}), then
 * handed to the part it is for. Ballots heard of here (a heartbeat, an acceptor's preemption, a
 * follower's answer) depose this replica's leader or hold off its election.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class PeerDoor {
  private final ReplicaParts parts;
  private final ClientDoor clients;
  private final SlotLearner learner;

  PeerDoor(ReplicaParts parts, ClientDoor clients, SlotLearner learner) {
    this.parts = parts;
    this.clients = clients;
    this.learner = learner;
  }

  void receive(NodeId from, Message message, Effects effects) {
    long nowTicks = parts.nowTicks();
    Leader leader = parts.leader;
    if (!parts.senders.admits(from, message)) {
      if (message instanceof Heartbeat heartbeat
          && heartbeat.slotDecidedMax() > parts.log.slotExecutedMax()) {
        // A leader this replica cannot place in its view: perhaps its view is old. Learn what was
        // decided from the replicas it knows, which is how it will come to know that leader.
        parts.catchUp.askPeersUnlessRecent(parts.leaderHeard(), nowTicks, effects);
      }
      return;
    }
    if (leader.isActive()) {
      parts.failures.heard(from, nowTicks);
    }
    if (message instanceof Decision decision) {
      learner.learn(decision.slot(), decision.batch(), effects);
    } else if (message instanceof Accepted accepted) {
      parts.lease.answered(
          from, accepted.ballot(), leader.ballot(), leader.proposedTicks(accepted.slot()));
      Decision decided = leader.onAccepted(from, accepted, effects);
      if (decided != null) {
        learner.learn(decided.slot(), decided.batch(), effects);
        parts.truncation.afterDecision(effects); // after execution: it reads the executed slot
      }
    } else if (message instanceof Promise promise) {
      if (leader.phase() != Leader.Phase.FOLLOWER && promise.ballot().equals(leader.ballot())) {
        // The fence: no proposal until any older lease has run out.
        parts.lease.promised(from, promise.ballot(), nowTicks);
      }
      leader.onPromise(from, promise, effects);
    } else if (message instanceof Preempted preempted) {
      onPreempted(preempted, effects);
    } else if (message instanceof Heartbeat heartbeat) {
      onHeartbeat(from, heartbeat, effects);
    } else {
      receiveOther(from, message, effects);
    }
  }

  /** The messages of catch-up, digests, reads, joins and forwarded client requests. */
  private void receiveOther(NodeId from, Message message, Effects effects) {
    long nowTicks = parts.nowTicks();
    if (message instanceof CatchUpRequest request) {
      parts.catchUp.onRequest(from, request, nowTicks, effects);
    } else if (message instanceof CatchUpReply reply) {
      learner.onCatchUpReply(from, reply, effects);
    } else if (message instanceof SnapshotChunk chunk) {
      learner.onSnapshotChunk(from, chunk, effects);
    } else if (message instanceof SnapshotFetch fetch) {
      parts.catchUp.onFetch(from, fetch, nowTicks, effects);
    } else if (message instanceof StateDigest digest) {
      parts.digests.onDigest(from, digest, parts.views.latest());
    } else if (message instanceof SnapshotSaved saved) {
      parts.truncation.reported(from, saved.slot());
    } else if (message instanceof ClientRequest request) {
      clients.request(request, effects);
    } else if (message instanceof Alive alive) {
      onAlive(alive, effects);
    } else if (message instanceof ReadConfirm confirm) {
      parts.readIndex.onConfirm(from, confirm, nowTicks, effects);
    } else if (message instanceof JoinRequest request) {
      parts.joins.onJoinRequest(from, request, effects);
    }
  }

  private void onPreempted(Preempted preempted, Effects effects) {
    Leader leader = parts.leader;
    if (parts.election.observe(preempted.promised())) {
      parts.failures.newerBallotUnheard(); // a leader it does not hear: perhaps it was removed
    }
    if (preempted.rejected().equals(leader.ballot())
        && preempted.promised().isAbove(leader.ballot())) {
      leader.stepDown(preempted.promised(), effects);
      parts.election.restartWait();
    }
  }

  /** A follower answered a heartbeat; if it knows a higher ballot, this leader is deposed. */
  private void onAlive(Alive alive, Effects effects) {
    Leader leader = parts.leader;
    if (parts.election.observe(alive.ballot())) {
      parts.failures.newerBallotUnheard();
    }
    if (leader.phase() != Leader.Phase.FOLLOWER && alive.ballot().isAbove(leader.ballot())) {
      parts.observer.mark("leader.deposed-by-alive");
      leader.stepDown(alive.ballot(), effects);
      parts.election.restartWait();
    }
  }

  private void onHeartbeat(NodeId from, Heartbeat heartbeat, Effects effects) {
    long nowTicks = parts.nowTicks();
    DecisionLog log = parts.log;
    Election election = parts.election;
    Ballot ballot = heartbeat.ballot();
    if (!from.equals(ballot.leader())) {
      return;
    }
    if (ballot.isBelow(election.ballotKnown())) {
      // A deposed leader that has not noticed yet (paused, cut off): tell it, so it steps down
      // now rather than at its next proposal.
      effects.send(from, new Alive(election.ballotKnown(), log.slotExecutedMax()));
      return;
    }
    if (ballot.isAbove(parts.leader.ballot()) && parts.leader.phase() != Leader.Phase.FOLLOWER) {
      parts.leader.stepDown(ballot, effects);
    }
    if (!parts.views.latest().replicas().contains(from)
        && heartbeat.slotDecidedMax() <= log.slotExecutedMax()
        && !parts.mutations.contains(Mutation.LEAD_FROM_OUTSIDE_VIEW)) {
      // A leader outside the newest view this replica knows, and not ahead of it: a removed
      // replica that campaigned on a stale view. Its heartbeats must not hold off the members'
      // elections, or it leads from outside the view until something else changes.
      parts.observer.mark("replica.heartbeat-from-outside-view");
      return;
    }
    election.heard(ballot);
    parts.followerReads.leaderHeard(ballot, heartbeat.slotDecidedMax(), nowTicks);
    parts.failures.heardLeader(nowTicks);
    parts.catchUp.leaderHeard(heartbeat.slotDecidedMax());
    if (parts.config.removeAfterTicks() > 0) {
      effects.send(from, new Alive(ballot, log.slotExecutedMax()));
    }
    parts.truncation.report(from, ballot, effects);
    if (heartbeat.slotDecidedMax() > log.slotExecutedMax()) {
      parts.catchUp.askLeader(from, nowTicks, effects);
    }
  }
}
