package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Outbox;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.replica.Replica;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * One deterministic run: a seed draws the topology and fault rates; replicas, acceptors and clients
 * exchange messages over {@link SimNetwork}; crashes, partitions and membership changes happen
 * during the active phase; then everything heals and every pending call must complete (liveness).
 * Safety is checked as events happen ({@link SafetyOracle}); linearizability at the end ({@link
 * HistoryChecks}).
 */
public final class Simulation {
  private static final int RECONFIGURATIONS_MAX = 4;

  /**
   * How long after healing a replica outside the view may still lead: a removed replica that came
   * back must have learned its removal (or been deposed) by then, and one that rejoined must be in.
   */
  static final int OUTSIDE_LEADER_BOUND_TICKS = 600;

  /** How often the forger sends something during the active phase (about 40 per seed). */
  private static final double FORGERIES_PER_TICK = 0.02;

  /** Watchers of the counter in each counter workload run (issue 21). */
  static final int WATCHERS = Integer.getInteger("concoord.sim.watchers", 3);

  private final long seed;
  private final SimParameters parameters;
  private final Set<Mutation> mutations;
  private final SplittableRandom random;
  private final SimNetwork network;
  private final SafetyOracle oracle = new SafetyOracle();
  private final SimForger forger;
  private final Map<NodeId, ReplicaNode> replicas = new TreeMap<>();
  private final Map<NodeId, AcceptorNode> acceptors = new TreeMap<>();
  private final Map<NodeId, NameserverNode> nameservers = new TreeMap<>();

  /** The foil for the join oracle's test: adds nodes with {@code submitReconfigure}, as before. */
  private boolean addsBesideTheJoinDesk;

  private final List<NodeId> replicaIds = new ArrayList<>();
  private final List<WorkloadClient> clients = new ArrayList<>();
  private final Map<Long, WorkloadClient> clientsById = new TreeMap<>();
  private final List<ClientOp> history = new ArrayList<>();
  private final Effects effects = new Effects();

  /** The replicas' persist-before-send, the runtime's own; a replica has no durable write. */
  private final Outbox<NodeId> replicaOutbox =
      new Outbox<>(
          Outbox.Disk.instant(
              write -> {
                throw new IllegalStateException("a replica emitted a durable write: " + write);
              }),
          this::emitFromReplica);

  private final View genesis;

  /**
   * The replicated object's class: {@link SimWorkload}, {@link SimCoordination} or a flawed one.
   */
  private final Class<?> objectClass;

  private long traceHash = 17;
  private int crashes;
  private int partitions;
  private int reconfigurations;
  private long partitionHealTicks = -1;
  private final LeaseDrill leaseDrill;
  private final RemovalDrill removalDrill;
  private int nodesCreated;
  private final FaultPlan faults;

  /** Draws issue 14's faults, apart from {@link #random} so that older seeds keep their runs. */
  private final SplittableRandom faultRandom;

  private final long removalCrashAtTicks;
  private int pauses;
  private boolean outsideLeaderOracle = true;
  private String outsideLeader;
  private final SessionOracle sessions = new SessionOracle();

  /** Issue 21's watchers (the counter workload only), or null. */
  private final SimWatchers watchers;

  private final SimWatchers.Nodes watchNodes =
      new SimWatchers.Nodes() {
        @Override
        public int incarnation(NodeId replica) {
          ReplicaNode node = replicas.get(replica);
          return node == null || !node.up ? -1 : node.incarnation;
        }

        @Override
        public void deliver(NodeId replica, org.concoord.core.message.WatchRequest request) {
          ReplicaNode node = replicas.get(replica);
          if (node != null) {
            node.deliver(
                network.now(),
                () -> step(node, () -> node.joining().onWatchRequest(request, effects)));
          }
        }

        @Override
        public boolean isCut(String source, String target) {
          return network.isCut(source, target);
        }
      };

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
    this.faults = parameters.faults();
    this.faultRandom = new SplittableRandom(seed ^ 0x14F0_0D5EL);
    this.removalCrashAtTicks =
        parameters.activeTicks() / 5 + faultRandom.nextInt(parameters.activeTicks() / 5);
    this.forger = new SimForger(seed, FORGERIES_PER_TICK);
    this.removalDrill =
        new RemovalDrill(
            seed, parameters.activeTicks(), parameters.replicaConfig().electionTimeoutTicks());
    // Not in seeds with expiring sessions: those check the session oracle, which a drill that
    // moves every client to a cut-off leader would starve of calls heard.
    this.leaseDrill =
        new LeaseDrill(
            seed,
            parameters.activeTicks(),
            parameters.workload() == SimParameters.Workload.COUNTER
                && parameters.faults().sessionExpiryTicks() == 0,
            parameters.replicaConfig().driftPermille());
    this.network =
        new SimNetwork(
            random.split(),
            parameters.dropRate(),
            parameters.duplicateRate(),
            parameters.delayTicksMax());
    oracle.checkClock(network::now);
    oracle.checkLeases(network::now);
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
    r.forEach(id -> addReplicaNode(id, null));
    a.forEach(id -> addAcceptorNode(id, r));
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
    if (faults.sessionExpiryTicks() > 0) {
      oracle.feedSessions(sessions, network::now);
      clients.forEach(
          c -> c.watchSessions(sessions, faults.sessionExpiryTicks(), parameters.activeTicks()));
    }
    // Drawn apart from the protocol's generator, so that older seeds run as they did.
    this.watchers =
        objectClass == SimWorkload.class
            ? new SimWatchers(
                WATCHERS,
                new SplittableRandom(seed ^ 0x21_3A7C_4E5L),
                network,
                parameters.delayTicksMax())
            : null;
    if (watchers != null) {
      replicas.values().forEach(node -> node.tapCounter(watchers));
    }
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
    addsBesideTheJoinDesk = true;
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

  /** {@code bootstrap}: null for a replica of the genesis view, else the members it asks. */
  private void addReplicaNode(NodeId id, List<NodeId> bootstrap) {
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

  private void addAcceptorNode(NodeId id, List<NodeId> bootstrap) {
    acceptors.put(id, new AcceptorNode(id, bootstrap, mutations, oracle, this::send));
  }

  public SimResult run() {
    long end = (long) parameters.activeTicks() + parameters.livenessTicks();
    String failure = null;
    for (long t = 1; t <= end && oracle.violation() == null && outsideLeader == null; t++) {
      network.runUntil(t);
      boolean active = t < parameters.activeTicks();
      if (active) {
        injectFaults(t);
        forge();
      } else if (t == parameters.activeTicks()) {
        heal();
      }
      tickNodes(t);
      for (WorkloadClient client : clients) {
        client.drilling = leaseDrill.isCutting();
        client.onTick(t, active, replicaIds, this::clientSend);
      }
      if (watchers != null) {
        watchers.onTick(t, replicaIds, watchNodes);
      }
      if (!active
          && t >= parameters.activeTicks() + OUTSIDE_LEADER_BOUND_TICKS
          && outsideLeaderOracle) {
        checkNoLeaderOutsideView(t);
      }
      if (!active && outsideLeaderOracle && outsideLeader == null) {
        outsideLeader = removalDrill.check(t, replicas.values(), referenceView());
      }
      if (!active
          && clients.stream().allMatch(WorkloadClient::isIdle)
          && membershipSettled(t)
          && (watchers == null || watchers.settled())) {
        break;
      }
    }
    String lost = comebacksNotInView();
    if (oracle.violation() != null) {
      failure = "safety: " + oracle.violation();
    } else if (outsideLeader != null) {
      failure = "membership: " + outsideLeader;
    } else if (lost != null) {
      failure = "liveness: " + lost + "; " + describeNodes();
    } else if (!clients.stream().allMatch(WorkloadClient::isIdle)) {
      failure =
          "liveness: calls still pending "
              + parameters.livenessTicks()
              + " ticks after healing "
              + clients.stream()
                  .map(WorkloadClient::describePending)
                  .filter(d -> d != null)
                  .toList()
              + "; "
              + describeNodes();
    } else {
      failure =
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
    }
    int completed = (int) history.stream().filter(ClientOp::isCompleted).count();
    return new SimResult(
        seed,
        parameters,
        completed,
        history.size() - completed,
        crashes,
        partitions,
        reconfigurations,
        oracle.chosenCount(),
        traceHash,
        oracle.marks(),
        failure);
  }

  /** The nodes' protocol state, for a failure report. */
  private String describeNodes() {
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

  private void tickNodes(long t) {
    for (ReplicaNode node : replicas.values()) {
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
        step(node, () -> node.joining().onTick(effects));
      }
      node.maybeSave();
    }
    for (AcceptorNode node : acceptors.values()) {
      node.tick(network, parameters.syncTicksMax());
    }
    nameservers.values().forEach(node -> node.tick(this::send));
  }

  /** The newest view, as the replica that executed the most knows it. */
  private View referenceView() {
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

  /** Issue 14's oracle: once healed for a bound, no replica outside the view leads. */
  private void checkNoLeaderOutsideView(long t) {
    View view = referenceView();
    for (ReplicaNode node : replicas.values()) {
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
   * Up replicas and acceptors that ask to join (added by the run, or removed by the failure
   * detector and come back) but that the view has not taken in; null if none. Retired ones (removed
   * by the run on purpose) do not count.
   */
  private String comebacksNotInView() {
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

  /**
   * Every node that asks to join is in; in seeds that remove members, also the healed run went on
   * for the bound.
   */
  private boolean membershipSettled(long t) {
    return (parameters.replicaConfig().removeAfterTicks() <= 0
            || t >= parameters.activeTicks() + OUTSIDE_LEADER_BOUND_TICKS)
        && comebacksNotInView() == null;
  }

  /** Runs one step of a replica and applies its effects; a halt is a safety failure. */
  private void step(ReplicaNode node, Runnable action) {
    try {
      action.run();
    } catch (IllegalStateException e) {
      oracle.fail(e.getMessage());
    }
    replicaOutbox.apply(effects, node.id);
  }

  /** Carries out what replica {@code from} emitted (replicas write nothing durable). */
  private void emitFromReplica(Effects.Effect effect, NodeId from) {
    if (effect instanceof Effects.Send send) {
      send(from, send.target(), send.message());
    } else if (effect instanceof Effects.Reply reply) {
      replyToClient(from, reply.reply());
    } else if (effect instanceof Effects.Push push && watchers != null) {
      watchers.push(from, push.event(), watchNodes);
    }
  }

  private void send(NodeId from, NodeId to, Message message) {
    if (message instanceof Propose propose && replicas.containsKey(from)) {
      oracle.proposed(propose, to);
    }
    if (acceptors.containsKey(from)) {
      if (message instanceof Promise promise) {
        oracle.promiseRevealed(from, promise.ballot());
        leaseDrill.acceptorFollows(from, promise.ballot(), network);
      } else if (message instanceof Accepted accepted) {
        oracle.acceptRevealed(from, accepted.ballot());
        leaseDrill.acceptorFollows(from, accepted.ballot(), network);
      }
    }
    network.send(from.address(), to.address(), () -> deliver(from, to, message));
  }

  private void deliver(NodeId from, NodeId to, Message message) {
    trace(from.address(), to.address(), message);
    ReplicaNode replica = replicas.get(to);
    if (replica != null) {
      replica.deliver(
          network.now(),
          () -> step(replica, () -> replica.joining().onMessage(from, message, effects)));
      return;
    }
    AcceptorNode acceptor = acceptors.get(to);
    if (acceptor != null) {
      acceptor.deliver(from, message, network, parameters.syncTicksMax());
    }
    NameserverNode nameserver = nameservers.get(to);
    if (nameserver != null) {
      nameserver.deliver(from, message, this::send);
    }
  }

  private void clientSend(WorkloadClient client, NodeId to, ClientRequest request) {
    network.send(
        client.name,
        to.address(),
        () -> {
          trace(client.name, to.address(), request);
          ReplicaNode node = replicas.get(to);
          if (node != null) {
            node.deliver(
                network.now(),
                () -> step(node, () -> node.joining().onClientRequest(request, effects)));
          }
        });
  }

  /** The client whose current session has {@code id} (each session has its own id), or null. */
  private WorkloadClient clientOfSession(long id) {
    WorkloadClient first = clientsById.get(id);
    if (first != null && first.sessionId() == id) {
      return first;
    }
    return clients.stream().filter(c -> c.sessionId() == id).findFirst().orElse(null);
  }

  private void replyToClient(NodeId from, ClientReply reply) {
    WorkloadClient client = clientOfSession(reply.clientId());
    if (client == null) {
      return; // an expired session's: its client has moved on, as a real one would
    }
    network.send(
        from.address(),
        client.name,
        () -> {
          trace(from.address(), client.name, reply);
          client.onReply(from, reply, network.now());
        });
  }

  private void trace(String from, String to, Message message) {
    long h = traceHash;
    h = h * 31 + network.now();
    h = h * 31 + from.hashCode();
    h = h * 31 + to.hashCode();
    h = h * 31 + message.getClass().getSimpleName().hashCode();
    traceHash = h;
    if (DEBUG_FROM >= 0 && network.now() >= DEBUG_FROM && network.now() <= DEBUG_TO) {
      System.out.println(network.now() + " " + from + " -> " + to + " " + message);
    }
  }

  private static final long DEBUG_FROM = Long.getLong("sim.debug.from", -1);
  private static final long DEBUG_TO = Long.getLong("sim.debug.to", Long.MAX_VALUE);

  // ---- faults ----------------------------------------------------------------------------------

  /** The forger's message of this tick, if any, delivered next tick (off the network's draws). */
  private void forge() {
    SimForger.Forgery forgery = forger.next(replicas, acceptors);
    if (forgery != null) {
      network.schedule(
          network.now() + 1, () -> deliver(forgery.from(), forgery.to(), forgery.message()));
    }
  }

  private void injectFaults(long t) {
    // Every seed gets at least one crash and one partition, whatever its drawn rates.
    boolean halfway = t == parameters.activeTicks() / 2;
    if (random.nextDouble() < parameters.crashRatePerTick() || (halfway && crashes == 0)) {
      crashSomeNode(t);
    }
    long drillHeal = leaseDrill.onTick(t, partitionHealTicks < 0, replicas, network, oracle);
    if (drillHeal >= 0) {
      partitionHealTicks = drillHeal;
    }
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

  /**
   * The leader (or, if none, some replica) is paused, as by SIGSTOP, while clients keep calling.
   */
  private void pauseLeader(long t) {
    ReplicaNode victim = leaderNode();
    if (victim == null) {
      List<ReplicaNode> up = replicas.values().stream().filter(n -> n.up).toList();
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
    ReplicaNode victim = leaderNode();
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
          restartIfDown(victim);
          if (down) {
            removalDrill.restarted(victim, replicas.keySet(), network);
          }
        });
  }

  private ReplicaNode leaderNode() {
    for (ReplicaNode node : replicas.values()) {
      if (node.leads()) {
        return node;
      }
    }
    return null;
  }

  private void crashSomeNode(long t) {
    List<Object> upNodes = new ArrayList<>();
    replicas.values().stream().filter(n -> n.up).forEach(upNodes::add);
    acceptors.values().stream().filter(n -> n.up).forEach(upNodes::add);
    if (upNodes.isEmpty()) {
      return;
    }
    Object victim = upNodes.get(random.nextInt(upNodes.size()));
    crashes++;
    long restartAt = t + 10 + random.nextInt(200);
    if (victim instanceof ReplicaNode replica) {
      replica.crash();
      network.schedule(restartAt, () -> restartIfDown(replica));
    } else if (victim instanceof AcceptorNode acceptor) {
      acceptor.crash();
      network.schedule(restartAt, () -> restartIfDown(acceptor));
    }
  }

  private void restartIfDown(Object node) {
    if (node instanceof ReplicaNode replica && !replica.up) {
      replica.restart();
    } else if (node instanceof AcceptorNode acceptor && !acceptor.up) {
      acceptor.restart();
    }
  }

  private void partition(long t) {
    partitions++;
    List<String> names = new ArrayList<>();
    replicas.keySet().forEach(id -> names.add(id.address()));
    acceptors.keySet().forEach(id -> names.add(id.address()));
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
    for (ReplicaNode node : replicas.values()) {
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
      nodesCreated++;
      reconfigurations++;
      startJoining(role, view);
      return;
    }
    NodeId node;
    if (add) {
      nodesCreated++;
      String prefix = role == Role.ACCEPTOR ? "a" : role == Role.REPLICA ? "r" : "n";
      node = NodeId.of(prefix + nodesCreated);
    } else {
      List<NodeId> members = new ArrayList<>(view.members(role));
      node = members.get(random.nextInt(members.size()));
      retire(node);
    }
    Reconfigure change = add ? Reconfigure.add(role, node) : Reconfigure.remove(role, node);
    final Replica submitter = leaderNode.role();
    boolean[] taken = new boolean[1];
    step(leaderNode, () -> taken[0] = submitter.submitReconfigure(change, effects));
    if (!taken[0]) {
      return;
    }
    reconfigurations++;
    if (add && role == Role.ACCEPTOR) {
      addAcceptorNode(node, List.copyOf(view.replicas()));
    } else if (add && role == Role.REPLICA) {
      addReplicaNode(node, null);
    }
  }

  /** A new node that asks the replicas of {@code view} to add it. */
  private void startJoining(Role role, View view) {
    List<NodeId> bootstrap = List.copyOf(view.replicas());
    switch (role) {
      case ACCEPTOR -> addAcceptorNode(NodeId.of("a" + nodesCreated), bootstrap);
      case REPLICA -> addReplicaNode(NodeId.of("r" + nodesCreated), bootstrap);
      case NAMESERVER -> {
        NodeId id = NodeId.of("n" + nodesCreated);
        nameservers.put(id, new NameserverNode(id, bootstrap));
      }
    }
  }

  /** Removed on purpose: it does not ask back (a nameserver is stopped). */
  private void retire(NodeId node) {
    if (replicas.containsKey(node)) {
      replicas.get(node).retire();
    } else if (acceptors.containsKey(node)) {
      acceptors.get(node).retire();
    } else if (nameservers.containsKey(node)) {
      nameservers.get(node).up = false;
    }
  }

  private void heal() {
    replicas.values().forEach(n -> n.pausedUntil = Math.min(n.pausedUntil, network.now()));
    network.healAll();
    leaseDrill.healed(network);
    partitionHealTicks = -1;
    network.dropRate = 0;
    network.duplicateRate = 0;
    replicas.values().forEach(this::restartIfDown);
    acceptors.values().forEach(this::restartIfDown);
  }
}
