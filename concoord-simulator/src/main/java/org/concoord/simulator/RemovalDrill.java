package org.concoord.simulator;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;

/**
 * Issue 14's drill and oracle for a removed replica that comes back. In half the seeds with a
 * removal crash (the leader crashed until the view drops it), the replica restarts just before the
 * run heals, cut off from every other replica but not from the acceptors: its first probe goes
 * unanswered, it campaigns, and an acceptor preempts it with the members' ballot. Then the run
 * heals. A replica that learnt of a ballot from a preemption asks its peers before it campaigns
 * again, and learns its removal; the bug (mutation PROBE_ONLY_AFTER_LONG_SILENCE) campaigns above
 * that ballot at its next timeout, and again each time the members take the lead back. The oracle,
 * in those seeds: once healed, no replica wins more than one election while outside the view.
 */
final class RemovalDrill {
  private final boolean drilled;
  private boolean removalCrash;
  private final long restartTicks;
  private final Map<NodeId, Integer> winsOutside = new HashMap<>();
  private final Set<NodeId> leading = new HashSet<>();

  RemovalDrill(long seed, int activeTicks, long electionTimeoutTicks) {
    this.drilled = ((seed * 0x9E3779B97F4A7C15L) >>> 63) == 0;
    this.restartTicks = activeTicks - 2 * electionTimeoutTicks;
  }

  /** When the removed leader restarts: when it is due, or just before the heal if drilled. */
  long restartAt(long due) {
    removalCrash = true;
    return drilled ? Math.max(due, restartTicks) : due;
  }

  /**
   * The removed leader restarted: if drilled, it cannot reach the other replicas until the heal.
   */
  void restarted(ReplicaNode node, Collection<NodeId> replicas, SimNetwork network) {
    if (!drilled || !node.up) {
      return;
    }
    for (NodeId other : replicas) {
      if (!other.equals(node.id)) {
        network.cut(node.id.address(), other.address());
        network.cut(other.address(), node.id.address());
      }
    }
  }

  /**
   * Each tick once healed, in drilled seeds: the failure, or null. Not in every seed: there a
   * replica removed by a partition may legitimately take a few elections to learn it (the general
   * oracle allows 600 ticks for that), and fresh named seeds raised it twice in 3,000 on
   * 2026-12-07, each settled within the 600 ticks (seeds 82000651, 82001226 --named).
   */
  String check(long t, Collection<ReplicaNode> replicas, View view) {
    if (!drilled || !removalCrash) {
      return null;
    }
    for (ReplicaNode node : replicas) {
      boolean leads = node.leads();
      if (leads && leading.add(node.id) && !view.replicas().contains(node.id)) {
        int wins = winsOutside.merge(node.id, 1, Integer::sum);
        if (wins > 1) {
          return node.id
              + " won "
              + wins
              + " elections from outside the view "
              + view
              + " since the run healed (the last at tick "
              + t
              + ")";
        }
      } else if (!leads) {
        leading.remove(node.id);
      }
    }
    return null;
  }
}
