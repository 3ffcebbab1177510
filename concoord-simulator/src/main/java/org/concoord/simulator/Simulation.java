package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.message.Message;
import org.concoord.core.view.View;

/**
 * One deterministic run: a seed draws the topology and fault rates; replicas, acceptors and clients
 * exchange messages over {@link SimNetwork}; crashes, partitions and membership changes happen
 * during the active phase; then everything heals and every pending call must complete (liveness).
 * Safety is checked as events happen ({@link SafetyOracle}); linearizability at the end ({@link
 * HistoryChecks}). The nodes are {@link SimCluster}'s, the message paths {@link SimMessages}', the
 * faults {@link SimFaults}'; this class wires them, runs the ticks and judges the outcome.
 */
public final class Simulation {
  /**
   * How long after healing a replica outside the view may still lead: a removed replica that came
   * back must have learned its removal (or been deposed) by then, and one that rejoined must be in.
   */
  static final int OUTSIDE_LEADER_BOUND_TICKS = 600;

  /** Watchers of the counter in each counter workload run (issue 21). */
  static final int WATCHERS = Integer.getInteger("concoord.sim.watchers", 3);

  private final long seed;
  private final SimParameters parameters;
  private final Set<Mutation> mutations;
  private final SplittableRandom random;
  private final SimNetwork network;
  private final SafetyOracle oracle = new SafetyOracle();
  private final SimCluster cluster;
  private final SimMessages messages;
  private final SimFaults faults;
  private final List<WorkloadClient> clients = new ArrayList<>();
  private final Map<Long, WorkloadClient> clientsById = new TreeMap<>();
  private final List<ClientOp> history = new ArrayList<>();

  /**
   * The replicated object's class: {@link SimWorkload}, {@link SimCoordination} or a flawed one.
   */
  private final Class<?> objectClass;

  private final LeaseDrill leaseDrill;
  private final RemovalDrill removalDrill;

  /** Draws issue 14's faults, apart from {@link #random} so that older seeds keep their runs. */
  private final SplittableRandom faultRandom;

  private boolean outsideLeaderOracle = true;
  private String outsideLeader;
  private final SessionOracle sessions = new SessionOracle();

  /** Issue 21's watchers (the counter workload only), or null. */
  private final SimWatchers watchers;

  /** Issue 14's oracles that a test may switch off, to see that another one catches a bug. */
  enum Oracle {
    /** No replica outside the view leads once healed for {@link #OUTSIDE_LEADER_BOUND_TICKS}. */
    OUTSIDE_LEADER,
    /** The replicated clock never jumps ahead of simulated time by more than a bound. */
    CLOCK_JUMP,
    /** A client the instance kept hearing never has its session expired ({@link SessionOracle}). */
    SESSIONS,
    /**
     * No read is taken under a lease that a higher ballot's proposal broke ({@link LeaseOracle}).
     */
    LEASE
  }

  public Simulation(long seed, Set<Mutation> mutations) {
    this(seed, mutations, SimParameters.draw(seed), LibraryCoordination.class);
  }

  /**
   * For tests: a seed with its parameters given (a forced workload) and the class to run for the
   * coordination workload (a deliberately flawed one, to check that the checks catch it).
   */
  Simulation(
      long seed,
      Set<Mutation> mutations,
      SimParameters parameters,
      Class<? extends SimCoordination> coordinationClass) {
    this.seed = seed;
    this.parameters = parameters;
    this.objectClass =
        parameters.workload() == SimParameters.Workload.COORDINATION
            ? coordinationClass
            : SimWorkload.class;
    this.mutations = Set.copyOf(mutations);
    this.random = new SplittableRandom(seed);
    this.faultRandom = new SplittableRandom(seed ^ 0x14F0_0D5EL);
    long removalCrashAtTicks =
        parameters.activeTicks() / 5 + faultRandom.nextInt(parameters.activeTicks() / 5);
    this.removalDrill =
        new RemovalDrill(
            seed, parameters.activeTicks(), parameters.replicaConfig().electionTimeoutTicks());
    this.leaseDrill = leaseDrill(seed, parameters);
    this.network =
        new SimNetwork(
            random.split(),
            parameters.dropRate(),
            parameters.duplicateRate(),
            parameters.delayTicksMax());
    oracle.checkClock(network::now);
    oracle.checkLeases(network::now);
    this.cluster =
        new SimCluster(
            seed, parameters, objectClass, this.mutations, oracle, random, faultRandom, this::send);
    this.messages =
        new SimMessages(
            network, cluster, oracle, leaseDrill, clients, clientsById, parameters.syncTicksMax());
    startClients();
    this.watchers = watchers(seed);
    if (watchers != null) {
      cluster.tapCounters(watchers);
      messages.pushTo(watchers);
    }
    this.faults =
        new SimFaults(
            seed,
            parameters,
            random,
            faultRandom,
            removalCrashAtTicks,
            network,
            oracle,
            cluster,
            messages,
            clients,
            leaseDrill,
            removalDrill);
  }

  /**
   * The lease drill, not in seeds with expiring sessions: those check the session oracle, which a
   * drill that moves every client to a cut-off leader would starve of calls heard.
   */
  private static LeaseDrill leaseDrill(long seed, SimParameters parameters) {
    return new LeaseDrill(
        seed,
        parameters.activeTicks(),
        parameters.workload() == SimParameters.Workload.COUNTER
            && parameters.faults().sessionExpiryTicks() == 0,
        parameters.replicaConfig().driftPermille());
  }

  /** The workload's clients, each with its generator split from the run's, in order. */
  private void startClients() {
    CoordinationScript.BarrierLedger ledger =
        parameters.workload() == SimParameters.Workload.COORDINATION
            ? new CoordinationScript.BarrierLedger()
            : null;
    for (int i = 0; i < parameters.clients(); i++) {
      WorkloadClient client =
          new WorkloadClient(
              i,
              1000 + i,
              random.split(),
              history,
              ledger,
              parameters.clientTimeoutTicks(),
              this.mutations);
      clients.add(client);
      clientsById.put(client.clientId, client);
    }
    int expiryTicks = parameters.faults().sessionExpiryTicks();
    if (expiryTicks > 0) {
      oracle.feedSessions(sessions, network::now);
      clients.forEach(c -> c.watchSessions(sessions, expiryTicks, parameters.activeTicks()));
    }
  }

  /** Issue 21's watchers, in the counter workload only; else null. */
  private SimWatchers watchers(long seed) {
    // Drawn apart from the protocol's generator, so that older seeds run as they did.
    return objectClass == SimWorkload.class
        ? new SimWatchers(
            WATCHERS,
            new SplittableRandom(seed ^ 0x21_3A7C_4E5L),
            network,
            parameters.delayTicksMax())
        : null;
  }

  public SimParameters parameters() {
    return parameters;
  }

  /**
   * Spreads the clients' calls over named objects too (issue 18; {@link
   * WorkloadClient#useNamedObjects}); the checkers check each object's history apart.
   */
  Simulation withNamedObjects() {
    clients.forEach(WorkloadClient::useNamedObjects);
    return this;
  }

  /**
   * For the join oracle's test: adds nodes as the simulator did before issue 15, members of the
   * genesis view from the start, their addition submitted to the leader directly.
   */
  Simulation addingBesideTheJoinDesk() {
    faults.addsBesideTheJoinDesk = true;
    return this;
  }

  /** For the checks on the checkers: runs without {@code off}. */
  Simulation without(Oracle off) {
    switch (off) {
      case OUTSIDE_LEADER -> outsideLeaderOracle = false;
      case CLOCK_JUMP -> oracle.checkClock(null);
      case SESSIONS -> sessions.switchOff();
      case LEASE -> oracle.checkLeases(null);
    }
    return this;
  }

  /** A node's send, once {@link #messages} exists (no node sends while the cluster starts). */
  private void send(NodeId from, NodeId to, Message message) {
    messages.send(from, to, message);
  }

  public SimResult run() {
    long end = (long) parameters.activeTicks() + parameters.livenessTicks();
    for (long t = 1; t <= end && oracle.violation() == null && outsideLeader == null; t++) {
      network.runUntil(t);
      boolean active = t < parameters.activeTicks();
      if (active) {
        faults.inject(t);
        faults.forge();
      } else if (t == parameters.activeTicks()) {
        faults.heal();
      }
      tickNodes(t);
      for (WorkloadClient client : clients) {
        client.drilling = leaseDrill.isCutting();
        client.onTick(t, active, cluster.replicaIds, messages::clientSend);
      }
      if (watchers != null) {
        watchers.onTick(t, cluster.replicaIds, messages.watchNodes);
      }
      if (!active) {
        checkMembership(t);
      }
      if (!active
          && clients.stream().allMatch(WorkloadClient::isIdle)
          && membershipSettled(t)
          && (watchers == null || watchers.settled())) {
        break;
      }
    }
    return result(failure());
  }

  /** Issue 14's membership oracles, once healed. */
  private void checkMembership(long t) {
    if (t >= parameters.activeTicks() + OUTSIDE_LEADER_BOUND_TICKS && outsideLeaderOracle) {
      checkNoLeaderOutsideView(t);
    }
    if (outsideLeaderOracle && outsideLeader == null) {
      outsideLeader = removalDrill.check(t, cluster.replicas.values(), cluster.referenceView());
    }
  }

  /** What failed in the run that ended, judged in this order; null if nothing did. */
  private String failure() {
    String lost = cluster.comebacksNotInView();
    if (oracle.violation() != null) {
      return "safety: " + oracle.violation();
    } else if (outsideLeader != null) {
      return "membership: " + outsideLeader;
    } else if (lost != null) {
      return "liveness: " + lost + "; " + cluster.describe();
    } else if (!clients.stream().allMatch(WorkloadClient::isIdle)) {
      return "liveness: calls still pending "
          + parameters.livenessTicks()
          + " ticks after healing "
          + clients.stream().map(WorkloadClient::describePending).filter(d -> d != null).toList()
          + "; "
          + cluster.describe();
    }
    String failure =
        clients.stream()
            .map(c -> c.unexpected)
            .filter(u -> u != null)
            .findFirst()
            .map(u -> "unexpected reply: " + u)
            .orElseGet(() -> HistoryChecks.check(history, parameters.workload()));
    if (failure == null) {
      // A heartbeat's flight is not counted in a bounded read's bound (protocol.md).
      failure = ReadModeChecks.check(history, parameters.delayTicksMax() + 1);
    }
    if (failure == null && watchers != null) {
      failure = watchers.check();
    }
    return failure;
  }

  private SimResult result(String failure) {
    int completed = (int) history.stream().filter(ClientOp::isCompleted).count();
    return new SimResult(
        seed,
        parameters,
        completed,
        history.size() - completed,
        faults.crashes(),
        faults.partitions(),
        faults.reconfigurations(),
        oracle.chosenCount(),
        messages.traceHash(),
        oracle.marks(),
        failure);
  }

  private void tickNodes(long t) {
    for (ReplicaNode node : cluster.replicas.values()) {
      node.maybeResume(t);
      if (!node.up || node.isPaused(t)) {
        continue;
      }
      if (node.tickLoss > 0
          && faultRandom.nextDouble() < node.tickLoss
          && !leaseDrill.isCutting()) {
        // A late thread: this tick never happens on that node, and the runtime tells the replica
        // its clock lost time (its read lease no longer vouches). Not while the lease drill
        // runs: its clocks stay steady at the drift bound's extremes (drawn all the same, so that
        // the rest of the run draws what it did).
        if (node.role() != null) {
          node.role().clockJumped();
        }
        continue;
      }
      for (int n = node.drift.ticksAt(); n > 0; n--) { // its own rate, within the drift bound
        messages.step(node, () -> node.joining().onTick(messages.effects()));
      }
      node.maybeSave();
    }
    for (AcceptorNode node : cluster.acceptors.values()) {
      node.tick(network, parameters.syncTicksMax());
    }
    cluster.nameservers.values().forEach(node -> node.tick(this::send));
  }

  /** Issue 14's oracle: once healed for a bound, no replica outside the view leads. */
  private void checkNoLeaderOutsideView(long t) {
    View view = cluster.referenceView();
    for (ReplicaNode node : cluster.replicas.values()) {
      if (node.leads() && !view.replicas().contains(node.id)) {
        outsideLeader =
            node.id
                + " leads from outside the view "
                + view
                + " at tick "
                + t
                + ", "
                + (t - parameters.activeTicks())
                + " ticks after healing";
        return;
      }
    }
  }

  /**
   * Every node that asks to join is in; in seeds that remove members, also the healed run went on
   * for the bound.
   */
  private boolean membershipSettled(long t) {
    return (parameters.replicaConfig().removeAfterTicks() <= 0
            || t >= parameters.activeTicks() + OUTSIDE_LEADER_BOUND_TICKS)
        && cluster.comebacksNotInView() == null;
  }
}
