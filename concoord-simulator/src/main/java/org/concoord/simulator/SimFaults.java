package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.replica.Replica;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * What goes wrong in a run's active phase, and its healing: crashes and restarts, partitions (and
 * the lease drill's cuts), pauses, a leader crashed until it is removed, membership changes, and
 * the forger's messages; then everything healed at once. Draws from the run's generators in the
 * order {@link Simulation} always did, so that a seed's run is what it was.
 */
final class SimFaults {
  private static final int RECONFIGURATIONS_MAX = 4;

  /** How often the forger sends something during the active phase (about 40 per seed). */
  private static final double FORGERIES_PER_TICK = 0.02;

  private final SimParameters parameters;
  private final FaultPlan faults;
  private final SplittableRandom random;

  /** Draws issue 14's faults, apart from {@link #random} so that older seeds keep their runs. */
  private final SplittableRandom faultRandom;

  private final SimNetwork network;
  private final SafetyOracle oracle;
  private final SimCluster cluster;
  private final SimMessages messages;
  private final List<WorkloadClient> clients;
  private final LeaseDrill leaseDrill;
  private final RemovalDrill removalDrill;
  private final SimForger forger;
  private final long removalCrashAtTicks;

  /** The foil for the join oracle's test: adds nodes with {@code submitReconfigure}, as before. */
  boolean addsBesideTheJoinDesk;

  private int crashes;
  private int partitions;
  private int reconfigurations;
  private int pauses;
  private long partitionHealTicks = -1;

  SimFaults(
      long seed,
      SimParameters parameters,
      SplittableRandom random,
      SplittableRandom faultRandom,
      long removalCrashAtTicks,
      SimNetwork network,
      SafetyOracle oracle,
      SimCluster cluster,
      SimMessages messages,
      List<WorkloadClient> clients,
      LeaseDrill leaseDrill,
      RemovalDrill removalDrill) {
    this.parameters = parameters;
    this.faults = parameters.faults();
    this.random = random;
    this.faultRandom = faultRandom;
    this.removalCrashAtTicks = removalCrashAtTicks;
    this.network = network;
    this.oracle = oracle;
    this.cluster = cluster;
    this.messages = messages;
    this.clients = clients;
    this.leaseDrill = leaseDrill;
    this.removalDrill = removalDrill;
    this.forger = new SimForger(seed, FORGERIES_PER_TICK);
  }

  int crashes() {
    return crashes;
  }

  int partitions() {
    return partitions;
  }

  int reconfigurations() {
    return reconfigurations;
  }

  /** The forger's message of this tick, if any, delivered next tick (off the network's draws). */
  void forge() {
    SimForger.Forgery forgery = forger.next(cluster.replicas, cluster.acceptors);
    if (forgery != null) {
      network.schedule(
          network.now() + 1,
          () -> messages.deliver(forgery.from(), forgery.to(), forgery.message()));
    }
  }

  void inject(long t) {
    // Every seed gets at least one crash and one partition, whatever its drawn rates.
    boolean halfway = t == parameters.activeTicks() / 2;
    if (random.nextDouble() < parameters.crashRatePerTick() || (halfway && crashes == 0)) {
      crashSomeNode(t);
    }
    long drillHeal =
        leaseDrill.onTick(t, partitionHealTicks < 0, cluster.replicas, network, oracle);
    if (drillHeal >= 0) {
      partitionHealTicks = drillHeal;
    }
    moveClientsForTheLeaseDrill(t);
    if (partitionHealTicks >= 0 && t >= partitionHealTicks) {
      network.healAll();
      partitionHealTicks = -1;
      leaseDrill.healed(network);
    } else if (partitionHealTicks < 0
        && (random.nextDouble() < parameters.partitionRatePerTick()
            || (halfway && partitions == 0))) {
      partition(t);
    }
    if (reconfigurations < RECONFIGURATIONS_MAX
        && random.nextDouble() < parameters.reconfigureRatePerTick()) {
      reconfigure();
    }
    if (faults.pauseRatePerTick() > 0 && faultRandom.nextDouble() < faults.pauseRatePerTick()) {
      pauseLeader(t);
    }
    if (faults.removalCrash() && t == removalCrashAtTicks) {
      crashLeaderUntilRemoved(t);
    }
  }

  private void moveClientsForTheLeaseDrill(long t) {
    List<NodeId> replicaIds = cluster.replicaIds;
    if (leaseDrill.takeStarted()) {
      // Its clients keep the leader busy: its writes and reads renew its lease to the last.
      for (WorkloadClient client : clients) {
        client.moveTo(replicaIds.indexOf(leaseDrill.deposed()), t);
      }
    }
    NodeId drillLeader = leaseDrill.takeNewLeader();
    if (drillLeader != null) {
      // Odd clients write at the new leader, even ones read from the deposed one.
      for (WorkloadClient client : clients) {
        NodeId to = client.index % 2 == 1 ? drillLeader : leaseDrill.deposed();
        client.moveTo(replicaIds.indexOf(to), t);
      }
    }
  }

  /**
   * The leader (or, if none, some replica) is paused, as by SIGSTOP, while clients keep calling.
   */
  private void pauseLeader(long t) {
    ReplicaNode victim = cluster.leaderNode();
    if (victim == null) {
      List<ReplicaNode> up = cluster.replicas.values().stream().filter(n -> n.up).toList();
      if (up.isEmpty()) {
        return;
      }
      victim = up.get(faultRandom.nextInt(up.size()));
    }
    if (!victim.up || victim.isPaused(t)) {
      return;
    }
    long until = t + 2 + faultRandom.nextInt(faults.pauseTicksMax());
    if (leaseDrill.isCutting()) {
      return; // the lease drill's clocks stay steady (a pause drops the deposed leader's lease)
    }
    pauses++;
    oracle.mark("sim.pause");
    victim.pausedUntil = until;
  }

  /**
   * The leader crashes for longer than the instance keeps a silent member, and restarts (a durable
   * replica) from its snapshot taken before it was removed.
   */
  private void crashLeaderUntilRemoved(long t) {
    ReplicaNode victim = cluster.leaderNode();
    if (victim == null) {
      return;
    }
    crashes++;
    oracle.mark("sim.removal-crash");
    victim.crash();
    long downTicks = parameters.replicaConfig().removeAfterTicks() + 150 + faultRandom.nextInt(250);
    network.schedule(
        removalDrill.restartAt(t + downTicks),
        () -> {
          boolean down = !victim.up;
          cluster.restartIfDown(victim);
          if (down) {
            removalDrill.restarted(victim, cluster.replicas.keySet(), network);
          }
        });
  }

  private void crashSomeNode(long t) {
    List<Object> upNodes = new ArrayList<>();
    cluster.replicas.values().stream().filter(n -> n.up).forEach(upNodes::add);
    cluster.acceptors.values().stream().filter(n -> n.up).forEach(upNodes::add);
    if (upNodes.isEmpty()) {
      return;
    }
    Object victim = upNodes.get(random.nextInt(upNodes.size()));
    crashes++;
    long restartAt = t + 10 + random.nextInt(200);
    if (victim instanceof ReplicaNode replica) {
      replica.crash();
      network.schedule(restartAt, () -> cluster.restartIfDown(replica));
    } else if (victim instanceof AcceptorNode acceptor) {
      acceptor.crash();
      network.schedule(restartAt, () -> cluster.restartIfDown(acceptor));
    }
  }

  private void partition(long t) {
    partitions++;
    List<String> names = new ArrayList<>();
    cluster.replicas.keySet().forEach(id -> names.add(id.address()));
    cluster.acceptors.keySet().forEach(id -> names.add(id.address()));
    if (faults.sessionExpiryTicks() == 0) {
      // With expiring sessions a client must never be cut off: each one keeps calling, so none may
      // lose its session.
      clients.forEach(c -> names.add(c.name));
    }
    List<String> sideA = new ArrayList<>();
    List<String> sideB = new ArrayList<>();
    int kind = random.nextInt(3);
    if (kind == 0) {
      String isolated = names.get(random.nextInt(names.size()));
      for (String name : names) {
        (name.equals(isolated) ? sideA : sideB).add(name);
      }
    } else {
      for (String name : names) {
        (random.nextBoolean() ? sideA : sideB).add(name);
      }
    }
    boolean asymmetric = kind == 2;
    for (String a : sideA) {
      for (String b : sideB) {
        network.cut(a, b);
        if (!asymmetric) {
          network.cut(b, a);
        }
      }
    }
    partitionHealTicks = t + 30 + random.nextInt(300);
    if (faults.longPartitionTicks() > 0 && faultRandom.nextBoolean()) {
      // Long enough for the leader to remove what it cannot hear; it must come back after.
      oracle.mark("sim.long-partition");
      partitionHealTicks = t + faults.longPartitionTicks();
    }
  }

  /**
   * A membership change: a node removed on purpose (submitted to the leader, as the runtime's
   * failure detector does), or a new node started that asks the members to add it, as {@code
   * concoord addnode} starts one: its addition goes through a member's join desk, like a real
   * node's. Nameservers are learners only; their adds and removes exercise the view like any other.
   */
  private void reconfigure() {
    ReplicaNode leaderNode = null;
    for (ReplicaNode node : cluster.replicas.values()) {
      if (node.leads()) {
        leaderNode = node;
      }
    }
    if (leaderNode == null) {
      return;
    }
    View view = leaderNode.role().latestView();
    Role role = Role.values()[random.nextInt(Role.values().length)];
    boolean add = random.nextBoolean() || view.members(role).size() <= 1;
    if (add && !addsBesideTheJoinDesk) {
      int number = cluster.nextNodeNumber();
      reconfigurations++;
      cluster.startJoining(role, view, number);
      return;
    }
    NodeId node;
    if (add) {
      String prefix = role == Role.ACCEPTOR ? "a" : role == Role.REPLICA ? "r" : "n";
      node = NodeId.of(prefix + cluster.nextNodeNumber());
    } else {
      List<NodeId> members = new ArrayList<>(view.members(role));
      node = members.get(random.nextInt(members.size()));
      cluster.retire(node);
    }
    Reconfigure change = add ? Reconfigure.add(role, node) : Reconfigure.remove(role, node);
    final Replica submitter = leaderNode.role();
    boolean[] taken = new boolean[1];
    messages.step(
        leaderNode, () -> taken[0] = submitter.submitReconfigure(change, messages.effects()));
    if (!taken[0]) {
      return;
    }
    reconfigurations++;
    if (add && role == Role.ACCEPTOR) {
      cluster.addAcceptor(node, List.copyOf(view.replicas()));
    } else if (add && role == Role.REPLICA) {
      cluster.addReplica(node, null);
    }
  }

  /** The end of the active phase: every partition, pause and crash is healed, and no loss. */
  void heal() {
    cluster.replicas.values().forEach(n -> n.pausedUntil = Math.min(n.pausedUntil, network.now()));
    network.healAll();
    leaseDrill.healed(network);
    partitionHealTicks = -1;
    network.dropRate = 0;
    network.duplicateRate = 0;
    cluster.replicas.values().forEach(cluster::restartIfDown);
    cluster.acceptors.values().forEach(cluster::restartIfDown);
  }
}
