package org.concoord.runtime.metrics;

import java.util.ArrayDeque;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * Follows, on the node thread, what a node hears of its leader (heartbeats, decisions) and turns
 * the role's status into a {@link NodeHealth} each tick. Counts ticks itself, so it reads no clock
 * but the wall time it stamps view changes with.
 */
final class HealthTracker {
  /** View changes the status page shows. */
  static final int VIEW_CHANGES_KEPT = 10;

  private final NodeId self;
  private long ticks;
  private long leaderHeardTick = Long.MIN_VALUE;
  private Ballot heardBallot = Ballot.ZERO;
  private long slotDecidedKnown;
  private View lastView;
  private final ArrayDeque<NodeHealth.ViewChange> viewChanges = new ArrayDeque<>();
  private NodeId lastLeader;
  private long leaderChanges;

  HealthTracker(NodeId self) {
    this.self = self;
  }

  void onHeartbeat(Heartbeat heartbeat) {
    if (heardLeader(heartbeat.ballot())) {
      slotDecidedKnown = Math.max(slotDecidedKnown, heartbeat.slotDecidedMax());
    }
  }

  /**
   * A leader's message carrying {@code ballot} arrived (a heartbeat; for an acceptor also its
   * Prepare and Propose). False if it is a deposed leader's, which does not count.
   */
  boolean heardLeader(Ballot ballot) {
    if (ballot.isBelow(heardBallot)) {
      return false;
    }
    heardBallot = ballot;
    leaderHeardTick = ticks;
    return true;
  }

  void onDecided(long slot) {
    slotDecidedKnown = Math.max(slotDecidedKnown, slot);
  }

  long leaderChanges() {
    return leaderChanges;
  }

  /** One tick passed; {@code status} is the role's answer to a status request now. */
  NodeHealth onTick(StatusReply status, int sessions) {
    ticks++;
    View view = status.view();
    if (view != null && view != lastView && !view.equals(lastView)) {
      lastView = view;
      viewChanges.addFirst(
          new NodeHealth.ViewChange(view.epoch(), System.currentTimeMillis(), view.toString()));
      while (viewChanges.size() > VIEW_CHANGES_KEPT) {
        viewChanges.removeLast();
      }
    }
    NodeId leader =
        status.role() == Role.ACCEPTOR
            ? (heardBallot.equals(Ballot.ZERO) ? null : heardBallot.leader())
            : status.leader();
    if (leader != null && !leader.equals(lastLeader)) {
      leaderChanges++;
      lastLeader = leader;
    }
    long silence =
        status.leading()
            ? 0
            : leaderHeardTick == Long.MIN_VALUE ? Long.MAX_VALUE : ticks - leaderHeardTick;
    boolean member = view != null && view.members(status.role()).contains(self);
    Ballot ballot = status.ballot();
    return new NodeHealth(
        self,
        status.role(),
        member,
        status.leading(),
        leader,
        ballot.toString(),
        ballot.round(),
        view == null ? -1 : view.epoch(),
        view == null ? 0 : view.replicas().size(),
        view == null ? 0 : view.acceptors().size(),
        view == null ? 0 : view.nameservers().size(),
        status.slotExecutedMax(),
        Math.max(slotDecidedKnown, status.slotExecutedMax()),
        silence,
        sessions,
        view == null
            ? (leader == null ? List.of() : List.of(leader))
            : List.copyOf(view.replicas()),
        List.copyOf(viewChanges));
  }
}
