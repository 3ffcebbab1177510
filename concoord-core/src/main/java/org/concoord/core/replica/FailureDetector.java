package org.concoord.core.replica;

import java.util.HashMap;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * The active leader's view of which members are unreachable: ticks since it last heard from each
 * (any message counts; followers answer heartbeats with {@code Alive}). Proposes removing the
 * longest-silent member once its silence exceeds the configured time, one removal at a time: the
 * next waits until the view no longer holds the previous one. Never removes the leader itself, what
 * {@link View#permits} refuses (the last replica), nor an acceptor of a view with {@link
 * #ACCEPTORS_KEPT} or fewer.
 *
 * <p>Leader-local, not replicated: a new leader starts everyone's silence from its own start, so a
 * failover never removes a node that the old leader merely stopped hearing.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class FailureDetector {
  /**
   * Acceptors never removed below this many: with three, one more failure still leaves a quorum,
   * while a removal down to two would make every further failure stop the instance.
   */
  static final int ACCEPTORS_KEPT = 3;

  private final NodeId self;
  private final long removeAfterTicks;
  private final Map<NodeId, Long> heardTicks = new HashMap<>();
  private long sinceTicks;
  private final int heartbeatTicks;
  private Reconfigure pending;
  private long pendingSinceTicks;
  private boolean active;

  /**
   * When this replica last heard a live leader (or led); a long silence means it may be gone.
   * Never, at process start: a replica restarted from an old snapshot may have been removed while
   * it was down, so its first campaign waits for a probe like any long silence.
   */
  private long leaderHeardTicks = Long.MIN_VALUE / 2;

  private boolean probed;

  /** The executed slot when this replica last probed; -1 before any probe. */
  private long probedAtSlot = -1;

  /**
   * A ballot newer than any this replica knew came from someone other than its leader (a
   * preemption, a follower's {@code Alive}): a leader exists that it does not hear, perhaps because
   * it is no longer in that leader's view. It asks its peers before its next campaign, however
   * short its silence (a removed replica that led for a moment restarted it).
   */
  private boolean probeOwed;

  /** False only for the simulator's mutation check: news of a newer ballot owes no probe. */
  private final boolean probeOnNewBallot;

  /**
   * {@code probeAtStart} and {@code probeOnNewBallot} false only for the simulator's mutation
   * checks (the behaviour before issue 14, and before its second fix).
   */
  FailureDetector(
      NodeId self,
      long removeAfterTicks,
      int heartbeatTicks,
      boolean probeAtStart,
      boolean probeOnNewBallot) {
    this.self = self;
    this.probeOnNewBallot = probeOnNewBallot;
    if (!probeAtStart) {
      leaderHeardTicks = 0;
    }
    this.removeAfterTicks = removeAfterTicks;
    this.heartbeatTicks = heartbeatTicks;
  }

  /**
   * A tick while this replica leads: starts the counts afresh on its first, and returns the removal
   * to propose now (checked once per heartbeat interval), or null.
   */
  Reconfigure leading(View latest, long nowTicks) {
    leaderHeardTicks = nowTicks;
    if (!active) {
      active = true;
      reset(nowTicks);
    }
    return nowTicks % heartbeatTicks == 0 ? suspect(latest, nowTicks) : null;
  }

  /** A tick while this replica does not lead. */
  void following() {
    active = false;
  }

  /** A live leader's heartbeat arrived. */
  void heardLeader(long nowTicks) {
    leaderHeardTicks = nowTicks;
    probed = false;
    probeOwed = false;
  }

  /**
   * This replica learned of a ballot newer than any it knew, not from that ballot's leader: the
   * next campaign waits for a probe (and again after each such news, so a removed replica that
   * keeps being preempted by the members' leaders keeps asking rather than deposing them).
   */
  void newerBallotUnheard() {
    if (probeOnNewBallot) {
      probeOwed = true;
      probed = false;
    }
  }

  /**
   * Whether a replica about to campaign should first ask its peers what was decided: it heard no
   * leader for longer than a member may be silent (or since it started), so it may have been
   * removed meanwhile. True once per silence, and again while the answers still bring news (the
   * executed slot moved since the last probe: a catch-up reply is bounded, and the removal may lie
   * beyond it); the campaign follows at the first timeout after a probe that brought nothing. Also
   * owed, whatever the silence, after news of a newer ballot whose leader this replica does not
   * hear ({@link #newerBallotUnheard}).
   */
  boolean probeBeforeCampaign(long nowTicks, long slotExecutedMax) {
    boolean longSilence = removeAfterTicks > 0 && nowTicks - leaderHeardTicks > removeAfterTicks;
    if (!longSilence && !probeOwed) {
      return false;
    }
    if (probed && slotExecutedMax == probedAtSlot) {
      return false;
    }
    probed = true;
    probedAtSlot = slotExecutedMax;
    return true;
  }

  /** This node became the active leader at {@code nowTicks}: everyone starts with a clean slate. */
  void reset(long nowTicks) {
    heardTicks.clear();
    sinceTicks = nowTicks;
    pending = null;
  }

  void heard(NodeId node, long nowTicks) {
    heardTicks.put(node, nowTicks);
  }

  /** Ticks since {@code node} was last heard from (since the reset if never). */
  long silentTicks(NodeId node, long nowTicks) {
    return nowTicks - heardTicks.getOrDefault(node, sinceTicks);
  }

  /**
   * The removal to propose now, or null: the most silent member of {@code latest} beyond the limit,
   * if no earlier removal is still on its way into the view.
   */
  Reconfigure suspect(View latest, long nowTicks) {
    if (removeAfterTicks <= 0) {
      return null;
    }
    if (pending != null) {
      if (latest.members(pending.role()).contains(pending.node())
          && nowTicks - pendingSinceTicks < removeAfterTicks) {
        return null; // still on its way into the view: do not pile up removals
      }
      pending = null; // done, or lost on the way (a failover, an overload): free to go on
    }
    // Counts only for members: a node that left the view (or never was in it) is forgotten, so
    // the map stays as small as the view.
    heardTicks
        .keySet()
        .removeIf(
            node ->
                !latest.replicas().contains(node)
                    && !latest.acceptors().contains(node)
                    && !latest.nameservers().contains(node));
    Reconfigure worst = null;
    long worstSilence = removeAfterTicks;
    for (Role role : Role.values()) {
      for (NodeId node : latest.members(role)) {
        heardTicks.putIfAbsent(node, nowTicks); // a new member's silence starts when it is seen
        long silence = silentTicks(node, nowTicks);
        Reconfigure removal = Reconfigure.remove(role, node);
        if (!node.equals(self)
            && silence > worstSilence
            && latest.permits(removal)
            && (role != Role.ACCEPTOR || latest.acceptors().size() > ACCEPTORS_KEPT)) {
          worst = removal;
          worstSilence = silence;
        }
      }
    }
    pending = worst;
    pendingSinceTicks = nowTicks;
    return worst;
  }
}
