package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Effects.Effect;
import org.concoord.core.effects.Effects.Reply;
import org.concoord.core.effects.Effects.Send;
import org.concoord.core.effects.Outbox;
import org.concoord.core.host.StateMachine;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.learner.ViewLearner;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.view.View;

/**
 * A minimal in-test cluster: replicas and acceptors wired by one FIFO message pump over their
 * {@link Effects}, with one-way cuts between nodes. Time moves only by {@link #tick}. The same seed
 * gives the same run. Acceptors' durable writes are applied before the sends of the same buffer
 * leave (persist before send). Every decision goes through a safety oracle: one value per slot, and
 * each replica executes slots in order.
 */
final class TestCluster {
  static final ReplicaConfig CONFIG = config(1_000, 100);

  record Envelope(NodeId from, NodeId to, Message message) {}

  record Delivered(NodeId replica, ClientReply reply) {}

  final Map<NodeId, Replica> replicas = new TreeMap<>();
  final Map<NodeId, Acceptor> acceptors = new TreeMap<>();

  /** Nameservers' view learners; they tick and receive like the others. */
  final Map<NodeId, ViewLearner> learners = new TreeMap<>();

  final Map<NodeId, CountingMachine> machines = new TreeMap<>();

  /** Every replica's state machine, whatever its kind. */
  final Map<NodeId, StateMachine> hosts = new TreeMap<>();

  final Map<NodeId, List<DurableWrite>> durable = new TreeMap<>();

  /** Every message a node sent, dropped ones included, in order. */
  final List<Envelope> sent = new ArrayList<>();

  final List<Delivered> replies = new ArrayList<>();

  /** Every watch event a replica pushed, with the replica, in order. */
  final List<Pushed> pushes = new ArrayList<>();

  record Pushed(NodeId replica, org.concoord.core.message.WatchEvent event) {}

  /** The chosen batch per slot, as the oracle learned it. */
  final Map<Long, Batch> chosen;

  /** Every mark a node made. */
  final Set<String> marks;

  private final ArrayDeque<Envelope> network = new ArrayDeque<>();
  private final Set<List<NodeId>> cuts = new HashSet<>();
  private final View initialView;
  private final ClusterOracle oracle;
  private ReplicaConfig config;
  private java.util.function.Supplier<StateMachine> objects;
  private SplittableRandom random;

  /** {@code id} crashed and restarts empty (no disk): it must catch up from the others. */
  void restartEmpty(NodeId id) {
    oracle.forget(id);
    startReplica(id);
  }

  /** Starts replica {@code id} with a new state machine, a counting one unless objects are made. */
  private void startReplica(NodeId id) {
    StateMachine machine = objects == null ? new CountingMachine() : objects.get();
    if (machine instanceof CountingMachine counting) {
      machines.put(id, counting);
    }
    hosts.put(id, machine);
    replicas.put(
        id, new Replica(id, initialView, machine, config, random.split(), mutations, oracle));
  }

  private final Set<org.concoord.core.Mutation> mutations;

  TestCluster(int replicaCount, int acceptorCount) {
    this(replicaCount, acceptorCount, CONFIG, 1L);
  }

  TestCluster(int replicaCount, int acceptorCount, ReplicaConfig config, long seed) {
    this(replicaCount, acceptorCount, config, seed, null);
  }

  /** With {@code snapshots}, the replicas' counting machines can be snapshotted. */
  TestCluster(
      int replicaCount, int acceptorCount, ReplicaConfig config, long seed, boolean snapshots) {
    this(
        replicaCount,
        acceptorCount,
        config,
        seed,
        snapshots ? () -> new CountingMachine(true) : null);
  }

  /**
   * With {@code objects}, each replica runs a state machine it makes (an ObjectHost) instead of a
   * CountingMachine, and may jump ahead by a snapshot.
   */
  TestCluster(
      int replicaCount,
      int acceptorCount,
      ReplicaConfig config,
      long seed,
      java.util.function.Supplier<StateMachine> objects) {
    this(replicaCount, acceptorCount, config, seed, objects, Set.of());
  }

  /** With {@code mutations} in every replica (a test that the bug it plants is seen). */
  TestCluster(
      int replicaCount,
      int acceptorCount,
      ReplicaConfig config,
      long seed,
      java.util.function.Supplier<StateMachine> objects,
      Set<org.concoord.core.Mutation> mutations) {
    this.mutations = mutations;
    List<NodeId> replicaIds = ids("r", replicaCount);
    List<NodeId> acceptorIds = ids("a", acceptorCount);
    initialView = View.initial(replicaIds, acceptorIds);
    this.config = config;
    this.objects = objects;
    this.random = new SplittableRandom(seed);
    oracle = new ClusterOracle(objects != null);
    chosen = oracle.chosen;
    marks = oracle.marks;
    for (NodeId id : replicaIds) {
      startReplica(id);
    }
    for (NodeId id : acceptorIds) {
      addAcceptor(id);
    }
  }

  static ReplicaConfig config(long sessionExpiryTicks, int repliesPerSessionMax) {
    return new ReplicaConfig(
        2, 10, 5, 16, 100, 64, 1_000, sessionExpiryTicks, 100, repliesPerSessionMax);
  }

  static NodeId id(String address) {
    return NodeId.of(address);
  }

  static ClientCommand command(long clientId, long seq, long ackedBelow, String method) {
    return new ClientCommand(clientId, seq, ackedBelow, new Call(method, new byte[0]));
  }

  /**
   * Adds an acceptor outside the initial view (for reconfiguration), or replaces one with an
   * acceptor recovered from {@code writes} (as if it had accepted them before the run).
   */
  Acceptor addAcceptor(NodeId id, DurableWrite... writes) {
    List<DurableWrite> log = new ArrayList<>(List.of(writes));
    durable.put(id, log);
    Acceptor acceptor = Acceptor.recover(id, log, Set.of(), oracle);
    acceptors.put(id, acceptor);
    return acceptor;
  }

  /** Starts a nameserver's learner from the genesis view (the view a join reply carries). */
  ViewLearner addLearner(NodeId id) {
    ViewLearner learner = new ViewLearner(id, initialView, new LearnerConfig(5, 20, 1 << 16));
    learners.put(id, learner);
    return learner;
  }

  Replica replica(String address) {
    return replicas.get(id(address));
  }

  CountingMachine machine(String address) {
    return machines.get(id(address));
  }

  /** Drops every message from {@code from} to {@code to} until {@link #heal}. */
  void cut(NodeId from, NodeId to) {
    cuts.add(List.of(from, to));
  }

  void heal(NodeId from, NodeId to) {
    cuts.remove(List.of(from, to));
  }

  void isolate(NodeId node) {
    for (NodeId other : allNodes()) {
      cut(node, other);
      cut(other, node);
    }
  }

  /** Ticks every replica once per round, delivering every message after each round. */
  void tick(int rounds) {
    for (int round = 0; round < rounds; round++) {
      replicas.forEach((id, replica) -> step(id, replica::onTick));
      learners.forEach((id, learner) -> step(id, learner::onTick));
      deliverAll();
    }
  }

  /** Ticks until one replica leads and every replica it can reach names it; returns it. */
  NodeId awaitLeader() {
    return awaitLeaderOtherThan(null);
  }

  /** As {@link #awaitLeader}, ignoring {@code deposed}, which may still believe it leads. */
  NodeId awaitLeaderOtherThan(NodeId deposed) {
    return awaitLeaderOtherThan(deposed, false);
  }

  /** As {@link #awaitLeaderOtherThan}, but the leader may still be fenced (issue 20's lease). */
  NodeId awaitElectedOtherThan(NodeId deposed) {
    return awaitLeaderOtherThan(deposed, true);
  }

  private NodeId awaitLeaderOtherThan(NodeId deposed, boolean fenced) {
    for (int round = 0; round < 500; round++) {
      NodeId leader = stableLeader(deposed, fenced);
      if (leader != null) {
        return leader;
      }
      tick(1);
    }
    throw new AssertionError("no stable leader: " + describe());
  }

  private NodeId stableLeader(NodeId deposed, boolean fenced) {
    List<NodeId> leaders = new ArrayList<>();
    replicas.forEach(
        (id, replica) -> {
          // A leader still fenced (issue 20's lease) would queue a write without proposing it.
          if (replica.isLeader() && (fenced || !replica.isFenced()) && !id.equals(deposed)) {
            leaders.add(id);
          }
        });
    if (leaders.size() != 1) {
      return null;
    }
    NodeId leader = leaders.get(0);
    for (Replica replica : replicas.values()) {
      boolean reachable = !cuts.contains(List.of(leader, replica.self()));
      boolean counted = !replica.self().equals(deposed);
      if (reachable && counted && !leader.equals(replica.leaderHint())) {
        return null;
      }
    }
    return leader;
  }

  /** Hands {@code command} to a replica as its client would, without delivering anything. */
  void submit(NodeId replica, ClientCommand command) {
    submit(replica, new ClientRequest(command));
  }

  /** A client's watch request reaches {@code replica}; then the network is run quiet. */
  void watch(NodeId replica, org.concoord.core.message.WatchRequest request) {
    step(replica, effects -> replicas.get(replica).onWatchRequest(request, effects));
    deliverAll();
  }

  /** Hands {@code request} (its read mode, its slot seen) to a replica; delivers nothing. */
  void submit(NodeId replica, ClientRequest request) {
    step(replica, effects -> replicas.get(replica).onClientRequest(request, effects));
  }

  /** Submits and delivers until the network is quiet. */
  void request(NodeId replica, ClientCommand command) {
    submit(replica, command);
    deliverAll();
  }

  boolean reconfigure(NodeId replica, Reconfigure change) {
    Effects effects = new Effects();
    boolean taken = replicas.get(replica).submitReconfigure(change, effects);
    apply(replica, effects);
    deliverAll();
    return taken;
  }

  /** Puts a message on the wire as if {@code from} had sent it. */
  void inject(NodeId from, NodeId to, Message message) {
    network.add(new Envelope(from, to, message));
    deliverAll();
  }

  void deliverAll() {
    for (int delivered = 0; !network.isEmpty(); delivered++) {
      if (delivered > 1_000_000) {
        fail("the network never went quiet: " + describe());
      }
      Envelope envelope = network.poll();
      Effects effects = new Effects();
      Replica replica = replicas.get(envelope.to());
      Acceptor acceptor = acceptors.get(envelope.to());
      ViewLearner learner = learners.get(envelope.to());
      if (replica != null) {
        replica.onMessage(envelope.from(), envelope.message(), effects);
      } else if (acceptor != null) {
        acceptor.onMessage(envelope.from(), envelope.message(), effects);
      } else if (learner != null) {
        learner.onMessage(envelope.from(), envelope.message(), effects);
      }
      apply(envelope.to(), effects);
    }
  }

  List<ClientReply> repliesTo(long clientId, long seq) {
    return replies.stream()
        .map(Delivered::reply)
        .filter(r -> r.clientId() == clientId && r.seq() == seq)
        .toList();
  }

  List<Envelope> sentOf(Class<? extends Message> type) {
    return sent.stream().filter(e -> type.isInstance(e.message())).toList();
  }

  String describe() {
    StringBuilder out = new StringBuilder();
    replicas.values().forEach(r -> out.append('\n').append(r.describe()));
    acceptors.values().forEach(a -> out.append('\n').append(a.self()).append(a.promised()));
    return out.toString();
  }

  /** Runs one step of {@code node} and applies its effects. */
  private void step(NodeId node, java.util.function.Consumer<Effects> step) {
    Effects effects = new Effects();
    step.accept(effects);
    apply(node, effects);
  }

  private void apply(NodeId node, Effects effects) {
    // The drivers' one persist-before-send; writes are durable as soon as appended here, so it
    // holds nothing back (a replica has no durable write: its append fails loudly).
    new Outbox<NodeId>(Outbox.Disk.instant(write -> durable.get(node).add(write)), this::emit)
        .apply(effects, node);
  }

  private void emit(Effect effect, NodeId node) {
    if (effect instanceof Send send) {
      Envelope envelope = new Envelope(node, send.target(), send.message());
      sent.add(envelope);
      if (!cuts.contains(List.of(node, send.target()))) {
        network.add(envelope);
      }
    } else if (effect instanceof Reply reply) {
      replies.add(new Delivered(node, reply.reply()));
    } else if (effect instanceof Effects.Push push) {
      pushes.add(new Pushed(node, push.event()));
    }
  }

  private Set<NodeId> allNodes() {
    Set<NodeId> all = new HashSet<>(replicas.keySet());
    all.addAll(acceptors.keySet());
    all.addAll(learners.keySet());
    return all;
  }

  private static List<NodeId> ids(String prefix, int count) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(id(prefix + i));
    }
    return ids;
  }
}
