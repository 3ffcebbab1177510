package org.concoord.simulator;

import java.util.Map;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;

/**
 * Issue 20's drill against the lease: the partition that makes a deposed leader answer from its
 * lease if anything lets it. Once per counter seed, at a tick drawn from the seed, with no other
 * partition in effect: the active leader is cut off from the other replicas (they elect another)
 * while it keeps its acceptors and its clients, so its proposals keep renewing its lease; each
 * acceptor is cut off from it the moment that acceptor promises (or accepts) another replica's
 * ballot, so it never hears that it was deposed, and its lease rests on answers up to the new
 * leader's promises: the old lease then spans the whole of the new leader's fence. Meanwhile the
 * network is quick, every read asks for the lease, the deposed leader's clients keep reading from
 * it while the new leader's clients write, and no replica loses ticks or pauses (either drops a
 * lease, which would end the drill before the fence does). The clocks go to the extremes of the
 * drift bound: the deposed leader's slow (its lease lasts longest in real time), the others' fast
 * (the new leader's fence ends soonest), so a fence short of its margin shows. The lease oracle
 * ({@link LeaseOracle}) sees a lease read after a higher ballot proposed; a stale answer is the
 * linearizability checker's to see.
 */
final class LeaseDrill {
  private enum Stage {
    WAITING,
    LEADER_CUT,
    NEW_LEADER,
    DONE
  }

  private final long startTicks;
  private Stage stage;
  private NodeId leader;
  private int delayTicksMax = -1;
  private double dropRate;
  private NodeId newLeader;
  private boolean started;

  private final int driftPermille;

  LeaseDrill(long seed, int activeTicks, boolean counterWorkload, int driftPermille) {
    this.driftPermille = driftPermille;
    this.startTicks = activeTicks / 4 + Math.floorMod(seed * 0x9E3779B97F4A7C15L, activeTicks / 2);
    this.stage = counterWorkload ? Stage.WAITING : Stage.DONE;
  }

  /** Whether the drill holds a partition now (the run's own partitions wait meanwhile). */
  boolean isCutting() {
    return stage == Stage.LEADER_CUT || stage == Stage.NEW_LEADER;
  }

  /**
   * One tick of the run's active phase; {@code idle}: no other partition in effect. Returns the
   * tick at which the run should heal the drill's cuts, or -1.
   */
  long onTick(
      long t,
      boolean idle,
      Map<NodeId, ReplicaNode> replicas,
      SimNetwork network,
      SafetyOracle oracle) {
    switch (stage) {
      case WAITING -> {
        if (t < startTicks || !idle) {
          return -1;
        }
        for (ReplicaNode node : replicas.values()) {
          if (node.leads() && !node.isPaused(t)) {
            leader = node.id;
          }
        }
        if (leader == null) {
          return -1;
        }
        oracle.mark("sim.lease-drill");
        // A quick network meanwhile, which loses nothing: a new leader completes a write within
        // a lease's few ticks, and no lost reply leaves the deposed leader's lease unrenewed.
        delayTicksMax = network.delayTicksMax;
        network.delayTicksMax = 1;
        dropRate = network.dropRate;
        network.dropRate = 0;
        for (NodeId other : replicas.keySet()) {
          if (!other.equals(leader)) {
            network.cut(leader.address(), other.address());
            network.cut(other.address(), leader.address());
          }
          replicas.get(other).drift =
              TickDrift.extreme(other.equals(leader) ? -1 : 1, driftPermille);
        }
        stage = Stage.LEADER_CUT;
        started = true;
        return t + 150;
      }
      case LEADER_CUT -> {
        for (ReplicaNode node : replicas.values()) {
          if (!node.id.equals(leader) && node.leads()) {
            newLeader = node.id;
            stage = Stage.NEW_LEADER;
            oracle.mark("sim.lease-drill-new-leader");
          }
        }
        return -1;
      }
      default -> {
        return -1;
      }
    }
  }

  /**
   * {@code acceptor} revealed (a Promise or an Accepted leaving it) that it follows {@code ballot}:
   * if that is another replica's, nothing the deposed leader sends reaches it from now on (what it
   * sent before still arrives, so its lease rests on answers up to this moment), and it never
   * answers the deposed leader that it was preempted.
   */
  void acceptorFollows(NodeId acceptor, Ballot ballot, SimNetwork network) {
    if (isCutting() && !ballot.leader().equals(leader)) {
      network.cut(leader.address(), acceptor.address());
    }
  }

  /** True once, the tick the drill starts: the run sends every client to the leader it cut. */
  boolean takeStarted() {
    boolean taken = started;
    started = false;
    return taken;
  }

  NodeId deposed() {
    return leader;
  }

  /**
   * The new leader, once, the tick it leads: the run moves half its clients to it, as clients that
   * learned it from a hint (the others stay with the deposed leader, which names itself).
   */
  NodeId takeNewLeader() {
    NodeId taken = newLeader;
    newLeader = null;
    return taken;
  }

  /** The run healed every cut. */
  void healed(SimNetwork network) {
    if (isCutting()) {
      stage = Stage.DONE;
      network.delayTicksMax = delayTicksMax;
      network.dropRate = dropRate;
    }
  }
}
