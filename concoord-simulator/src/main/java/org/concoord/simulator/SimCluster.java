package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * A run's nodes by role, as {@link Simulation} starts, adds and retires them: the replicas, the
 * acceptors and the nameservers, the genesis view, and what the run asks of them all (the newest
 * view, the leader, who asked to join and is not in). Each new replica draws its generator, its
 * tick loss and its drift here, in the order the run adds it, so that a seed's run is what it was.
 */
final class SimCluster {
  final Map<NodeId, ReplicaNode> replicas = new TreeMap<>();
  final Map<NodeId, AcceptorNode> acceptors = new TreeMap<>();
  final Map<NodeId, NameserverNode> nameservers = new TreeMap<>();

  /** Every replica the run started, in order: the clients' choices index it. */
  final List<NodeId> replicaIds = new ArrayList<>();

  final View genesis;

  private final long seed;
  private final SimParameters parameters;
  private final FaultPlan faults;
  private final Class<?> objectClass;
  private final Set<Mutation> mutations;
  private final SafetyOracle oracle;
  private final SplittableRandom random;
  private final SplittableRandom faultRandom;
  private final AcceptorNode.Sender sender;
  private int nodesCreated;

  /** Issue 21's watchers, once the run has them (the counter workload only), or null. */
  private SimWatchers watchers;

  /**
   * The genesis view's replicas r0.. and acceptors a0.., started in that order; {@code random} and
   * {@code faultRandom} are the run's, drawn from as each replica is made.
   */
  SimCluster(
      long seed,
      SimParameters parameters,
      Class<?> objectClass,
      Set<Mutation> mutations,
      SafetyOracle oracle,
      SplittableRandom random,
      SplittableRandom faultRandom,
      AcceptorNode.Sender sender) {
    this.seed = seed;
    this.parameters = parameters;
    this.faults = parameters.faults();
    this.objectClass = objectClass;
    this.mutations = mutations;
    this.oracle = oracle;
    this.random = random;
    this.faultRandom = faultRandom;
    this.sender = sender;
    List<NodeId> r = new ArrayList<>();
    List<NodeId> a = new ArrayList<>();
    for (int i = 0; i < parameters.replicas(); i++) {
      r.add(NodeId.of("r" + i));
    }
    for (int i = 0; i < parameters.acceptors(); i++) {
      a.add(NodeId.of("a" + i));
    }
    nodesCreated = Math.max(parameters.replicas(), parameters.acceptors());
    genesis = View.initial(r, a);
    r.forEach(id -> addReplica(id, null));
    a.forEach(id -> addAcceptor(id, r));
  }

  /** Every replica, those added later too, feeds {@code watchers} its counter. */
  void tapCounters(SimWatchers watchers) {
    this.watchers = watchers;
    replicas.values().forEach(node -> node.tapCounter(watchers));
  }

  /** {@code bootstrap}: null for a replica of the genesis view, else the members it asks. */
  void addReplica(NodeId id, List<NodeId> bootstrap) {
    double tickLoss =
        faults.tickLossMax() > 0 ? faultRandom.nextDouble() * faults.tickLossMax() : 0;
    replicas.put(
        id,
        new ReplicaNode(
            id,
            genesis,
            bootstrap,
            objectClass,
            parameters.replicaConfig(),
            mutations,
            oracle,
            random.split(),
            faults,
            tickLoss,
            TickDrift.of(
                seed,
                id,
                // The session oracle measures expiry in simulated time: those seeds run true
                // clocks.
                faults.sessionExpiryTicks() > 0 ? 0 : parameters.replicaConfig().driftPermille())));
    if (watchers != null) {
      replicas.get(id).tapCounter(watchers);
    }
    replicaIds.add(id);
  }

  void addAcceptor(NodeId id, List<NodeId> bootstrap) {
    acceptors.put(id, new AcceptorNode(id, bootstrap, mutations, oracle, sender));
  }

  /** The number of a node the run creates now: one past every node's so far. */
  int nextNodeNumber() {
    return ++nodesCreated;
  }

  /** A new node that asks the replicas of {@code view} to add it. */
  void startJoining(Role role, View view, int number) {
    List<NodeId> bootstrap = List.copyOf(view.replicas());
    switch (role) {
      case ACCEPTOR -> addAcceptor(NodeId.of("a" + number), bootstrap);
      case REPLICA -> addReplica(NodeId.of("r" + number), bootstrap);
      case NAMESERVER -> {
        NodeId id = NodeId.of("n" + number);
        nameservers.put(id, new NameserverNode(id, bootstrap));
      }
    }
  }

  /** Removed on purpose: it does not ask back (a nameserver is stopped). */
  void retire(NodeId node) {
    if (replicas.containsKey(node)) {
      replicas.get(node).retire();
    } else if (acceptors.containsKey(node)) {
      acceptors.get(node).retire();
    } else if (nameservers.containsKey(node)) {
      nameservers.get(node).up = false;
    }
  }

  void restartIfDown(Object node) {
    if (node instanceof ReplicaNode replica && !replica.up) {
      replica.restart();
    } else if (node instanceof AcceptorNode acceptor && !acceptor.up) {
      acceptor.restart();
    }
  }

  /** The first replica (by id) that leads, or null. */
  ReplicaNode leaderNode() {
    for (ReplicaNode node : replicas.values()) {
      if (node.leads()) {
        return node;
      }
    }
    return null;
  }

  /** The newest view, as the replica that executed the most knows it. */
  View referenceView() {
    ReplicaNode ahead = null;
    for (ReplicaNode node : replicas.values()) {
      if (node.up
          && node.role() != null
          && (ahead == null || node.role().slotExecutedMax() > ahead.role().slotExecutedMax())) {
        ahead = node;
      }
    }
    return ahead == null ? genesis : ahead.role().latestView();
  }

  /**
   * Up replicas and acceptors that ask to join (added by the run, or removed by the failure
   * detector and come back) but that the view has not taken in; null if none. Retired ones (removed
   * by the run on purpose) do not count.
   */
  String comebacksNotInView() {
    View view = referenceView();
    List<NodeId> missing = new ArrayList<>();
    for (ReplicaNode node : replicas.values()) {
      if (node.up
          && !node.isRetired()
          && node.joining().isJoining()
          && !view.replicas().contains(node.id)) {
        missing.add(node.id);
      }
    }
    for (AcceptorNode node : acceptors.values()) {
      if (node.isAsking() && !view.acceptors().contains(node.id)) {
        missing.add(node.id);
      }
    }
    return missing.isEmpty()
        ? null
        : "the view " + view + " never took in " + missing + ", which asked to join";
  }

  /** The nodes' protocol state, for a failure report. */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (ReplicaNode node : replicas.values()) {
      out.append(node.joining().describe()).append(' ');
    }
    for (AcceptorNode node : acceptors.values()) {
      out.append(
          String.format(
              "%s[promised=%s accepted=%d] ",
              node.id, node.role().promised(), node.role().accepted().size()));
    }
    nameservers.values().forEach(node -> out.append(node.describe()).append(' '));
    return out.toString();
  }
}
