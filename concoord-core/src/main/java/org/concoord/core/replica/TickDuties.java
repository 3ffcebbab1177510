package org.concoord.core.replica;

import java.util.List;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;

/**
 * A replica's third door, time: what it does at each tick. It resigns the lead outside the newest
 * view, recovers from a divergence, campaigns when the leader is silent (or first asks its peers
 * what was decided, when it may have been removed), and, leading, does the leader's duties beyond
 * the protocol: check-quorum and the removal of unreachable members.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class TickDuties {
  private final ReplicaParts parts;
  private final QuorumCheck quorumCheck;
  private long divergenceAskedTicks = Long.MIN_VALUE / 2;

  TickDuties(ReplicaParts parts) {
    this.parts = parts;
    this.quorumCheck = new QuorumCheck(parts.config.electionTimeoutTicks());
  }

  void tick(Effects effects) {
    long nowTicks = parts.nowTicks();
    Leader leader = parts.leader;
    maybeResign(effects);
    parts.catchUp.onTick(nowTicks, effects);
    parts.readIndex.onTick(nowTicks, effects);
    if (parts.digests.isDiverged()) {
      recoverFromDivergence(effects);
      return;
    }
    if (leader.onTick(effects) && parts.isMember()) {
      leader.campaign(parts.election.nextBallot(parts.self, leader.ballot()), effects);
      return;
    }
    if (leader.isActive()) {
      if (parts.lease.fenceLifted(nowTicks)) {
        leader.proposeDue(); // what waited for the fence
      }
      leaderDuties(effects);
      return;
    }
    parts.failures.following();
    quorumCheck.reset();
    if (!parts.election.tick()) {
      return;
    }
    parts.election.restartWait();
    campaignOrAsk(effects);
  }

  /** The election wait ran out: campaign, or first learn what was decided meanwhile. */
  private void campaignOrAsk(Effects effects) {
    long nowTicks = parts.nowTicks();
    boolean member = parts.views.latest().replicas().contains(parts.self);
    boolean probe = parts.failures.probeBeforeCampaign(nowTicks, parts.log.slotExecutedMax());
    if (member && probe) {
      // Silent for longer than a member may be: perhaps it was removed meanwhile. Ask the peers
      // what was decided first, so a removed replica learns it rather than campaigning on a stale
      // view and disturbing the instance; campaign at the next timeout if nothing changes.
      parts.observer.mark("replica.probe-before-campaign");
      parts.catchUp.askPeersInSilence(parts.leaderHeard(), effects);
    } else if (member && parts.catchUp.isReceivingSnapshot(nowTicks)) {
      // Behind by more than the log retained, and the state is arriving: campaign once it is
      // here (or stalls). Campaigning meanwhile, a replica removed while it was away won on its
      // old view and led from outside the new one (seed 72000593).
      parts.observer.mark("replica.campaign-deferred-receiving");
    } else if (member) {
      parts.leader.campaign(parts.election.nextBallot(parts.self, parts.leader.ballot()), effects);
    } else {
      // Not a member as far as this replica knows (new, restarted empty, or removed): it must
      // not lead, but a leaderless silence may mean its knowledge is stale, so it asks the
      // replicas it knows for the decisions it lacks.
      parts.observer.mark("replica.catch-up-unprompted");
      parts.catchUp.askPeersInSilence(parts.leaderHeard(), effects);
    }
  }

  /**
   * A leader (or candidate) that is no longer in the newest view, having executed its own removal,
   * stops: a member must lead, and this replica asks to be added again (the runtime's joiner).
   */
  void maybeResign(Effects effects) {
    if (parts.leader.phase() != Leader.Phase.FOLLOWER
        && !parts.isMember()
        && !parts.mutations.contains(Mutation.LEAD_FROM_OUTSIDE_VIEW)) {
      parts.leader.resign(effects);
      parts.election.restartWait();
    }
  }

  /**
   * Diverged: serve nothing, lead nothing, and ask a replica of the majority for a snapshot of its
   * current state (another one every few resend intervals, in case that one is gone).
   */
  private void recoverFromDivergence(Effects effects) {
    long nowTicks = parts.nowTicks();
    if (parts.leader.phase() != Leader.Phase.FOLLOWER) {
      parts.leader.stepDown(parts.ballotKnown(), effects);
    }
    long every = 5L * parts.config.resendTicks();
    if (nowTicks - divergenceAskedTicks < every) {
      return;
    }
    List<NodeId> majority = parts.digests.majority();
    if (majority.isEmpty()) {
      return;
    }
    NodeId peer = majority.get((int) ((nowTicks / every) % majority.size()));
    divergenceAskedTicks = nowTicks;
    parts.catchUp.askSnapshot(peer, effects);
  }

  /**
   * The active leader's per-tick duties beyond the protocol: stepping down when cut off from its
   * acceptors (check-quorum), removing unreachable members.
   */
  private void leaderDuties(Effects effects) {
    long nowTicks = parts.nowTicks();
    Reconfigure removal = parts.failures.leading(parts.views.latest(), nowTicks);
    // Owed an answer: a proposal's Accepted, or a read index round's ReadConfirm (a leader with
    // only reads waiting, cut off from its acceptors, would otherwise hold its clients forever).
    boolean owed = parts.leader.awaitsAccepted() || parts.readIndex.waitingCount() > 0;
    if (quorumCheck.lost(parts.views.latest(), owed, parts.failures, nowTicks)) {
      parts.leader.quorumLost(effects);
      quorumCheck.reset();
      parts.election.restartWait();
      return;
    }
    if (removal != null && offerReconfigure(removal)) {
      parts.observer.mark("leader.remove-unreachable");
    }
  }

  /** An operator's membership change or a removal; only an active leader takes it. */
  boolean offerReconfigure(Reconfigure change) {
    boolean taken = parts.leader.isActive() && parts.leader.offer(change);
    if (taken) {
      parts.leader.proposeDue();
    }
    return taken;
  }
}
