package org.concoord.bench;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Outbox;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.View;
import org.concoord.objects.Counter;

/**
 * Three replicas (r0 leads) and three acceptors of the core, wired in one thread with no I/O: every
 * {@link Effects.Send} goes into one FIFO and is delivered to the target role's {@code onMessage};
 * every {@link Effects.Reply} is counted; every {@link Effects.Persist} is taken as already durable
 * (it is simply dropped). What is left to measure is the protocol and execution code alone.
 *
 * <p>The workload is {@code Counter.increment()} hosted by {@link ObjectHost}, issued by {@code
 * clients} closed-loop clients: each round every client sends its next requests (seq + 1, ...,
 * ackedBelow = the round's first seq, since it holds every earlier reply), then the pump runs until
 * all replies are in. With fewer clients than commands per round, each client pipelines several
 * requests. Not thread-safe.
 */
final class CoreCluster {
  static final int REPLICAS = 3;
  static final int ACCEPTORS = 3;

  /** Ticks r0 may need to campaign: its election wait is drawn from [timeout, 2 * timeout). */
  private static final int ELECTION_TICKS_MAX = 1_000;

  private final NodeId[] ids = new NodeId[REPLICAS + ACCEPTORS];
  private final Replica[] replicas = new Replica[REPLICAS];
  private final ObjectHost[] hosts = new ObjectHost[REPLICAS];
  private final Acceptor[] acceptors = new Acceptor[ACCEPTORS];
  private final Effects effects = new Effects();

  /** The drivers' one persist-before-send; durability is off, so a write counts as made. */
  private final Outbox<Integer> outbox = new Outbox<>(Outbox.Disk.instant(write -> {}), this::emit);

  // The FIFO of (from, to, message), as a ring of parallel arrays: the pump itself should
  // allocate nothing, so that what the profiler sees is the core's.
  private int[] from = new int[1 << 12];
  private int[] to = new int[1 << 12];
  private Message[] messages = new Message[1 << 12];
  private int head;
  private int size;

  private final int commands;
  private final int clients;
  private final long[] seqs;
  private final Call increment;
  private long repliesOk;
  private long repliesOther;
  private Outcome otherOutcome;
  private long submitted;
  private long delivered;

  /** A cluster whose r0 is already the active leader. */
  static CoreCluster started(int batchMax, int commands, int clients, long seed) {
    CoreCluster cluster = new CoreCluster(batchMax, commands, clients, seed);
    cluster.electLeader();
    return cluster;
  }

  static ReplicaConfig config(int batchMax, int commands, int clients) {
    ReplicaConfig d = ReplicaConfig.defaults();
    return new ReplicaConfig(
        d.heartbeatTicks(),
        d.electionTimeoutTicks(),
        d.resendTicks(),
        batchMax,
        Math.max(d.pendingMax(), commands), // a whole round fits the leader's queue
        d.catchUpBatchMax(),
        d.decisionRetentionSlots(),
        d.sessionExpiryTicks(),
        Math.max(d.sessionsMax(), clients), // no session is evicted by the LRU bound
        d.repliesPerSessionMax());
  }

  private CoreCluster(int batchMax, int commands, int clients, long seed) {
    if (clients < 1 || commands % clients != 0) {
      throw new IllegalArgumentException(
          "clients must be >= 1 and divide the commands per round: " + clients);
    }
    if (commands / clients >= ReplicaConfig.defaults().repliesPerSessionMax()) {
      throw new IllegalArgumentException(
          "more outstanding requests per client than the reply cache"
              + " keeps: "
              + commands / clients);
    }
    this.commands = commands;
    this.clients = clients;
    this.seqs = new long[clients];
    // A no-argument call: its args are ValueCodec's encoding of an empty list.
    this.increment = new Call("increment", ValueCodec.encodeArgs());
    SplittableRandom random = new SplittableRandom(seed);
    ReplicaConfig config = config(batchMax, commands, clients);
    for (int i = 0; i < REPLICAS; i++) {
      ids[i] = NodeId.of("r" + i);
    }
    for (int i = 0; i < ACCEPTORS; i++) {
      ids[REPLICAS + i] = NodeId.of("a" + i);
    }
    View genesis =
        View.initial(List.of(ids).subList(0, REPLICAS), List.of(ids).subList(REPLICAS, ids.length));
    for (int i = 0; i < REPLICAS; i++) {
      hosts[i] = new ObjectHost(Counter.class);
      replicas[i] =
          new Replica(ids[i], genesis, hosts[i], config, random.split(), Set.of(), Observer.NONE);
    }
    for (int i = 0; i < ACCEPTORS; i++) {
      acceptors[i] = new Acceptor(ids[REPLICAS + i]);
    }
  }

  /**
   * Ticks r0 until it campaigns and phase 1 completes. r1 and r2 are never ticked, so they never
   * campaign: the outcome is the same on every run.
   */
  private void electLeader() {
    Replica r0 = replicas[0];
    for (int t = 0; t < ELECTION_TICKS_MAX && !r0.isLeader(); t++) {
      r0.onTick(effects);
      drain(0);
      pump();
    }
    if (!r0.isLeader()) {
      throw new IllegalStateException(
          "r0 did not become leader in " + ELECTION_TICKS_MAX + " ticks");
    }
  }

  /**
   * One round: every client sends commands / clients increments to the leader (interleaved across
   * clients); returns when all are answered.
   */
  long round() {
    long expected = repliesOk + commands;
    Replica leader = replicas[0];
    int perClient = commands / clients;
    for (int k = 0; k < perClient; k++) {
      for (int c = 0; c < clients; c++) {
        // Client ids start at 1. ackedBelow is the first seq of this round: the client holds the
        // replies of every earlier round (with one command per client, ackedBelow = seq).
        long ackedBelow = seqs[c] - k + 1;
        long seq = ++seqs[c];
        ClientCommand command = new ClientCommand(c + 1, seq, ackedBelow, increment);
        leader.onClientRequest(new ClientRequest(command), effects);
        drain(0);
      }
    }
    submitted += commands;
    pump();
    if (repliesOk != expected || repliesOther != 0) {
      throw new IllegalStateException(
          "round ended with "
              + repliesOk
              + " OK replies of "
              + expected
              + " expected and "
              + repliesOther
              + " others (e.g. "
              + otherOutcome
              + ")");
    }
    heartbeat();
    return repliesOk;
  }

  /**
   * Ticks the leader for one heartbeat interval, as a node's 10 ms ticks would during a round: the
   * followers answer its heartbeat with the slot of their latest snapshot, and only then may the
   * leader let the acceptors forget what lies beyond the retention window (issue 13). Without it
   * the acceptors keep every slot, and the benchmark measures an ever larger tree map and the
   * garbage collector copying it, which no running node has.
   */
  private void heartbeat() {
    Replica leader = replicas[0];
    for (int t = 0; t < ReplicaConfig.defaults().heartbeatTicks(); t++) {
      leader.onTick(effects);
      drain(0);
      pump();
    }
  }

  /** Delivers queued messages, and those they cause, until none is left. */
  private void pump() {
    while (size > 0) {
      int i = head;
      int sender = from[i];
      int target = to[i];
      Message message = messages[i];
      messages[i] = null;
      head = (i + 1) & (messages.length - 1);
      size--;
      delivered++;
      if (target < REPLICAS) {
        replicas[target].onMessage(ids[sender], message, effects);
      } else {
        acceptors[target - REPLICAS].onMessage(ids[sender], message, effects);
      }
      drain(target);
    }
  }

  /** Moves what node {@code self} just emitted into the FIFO and the reply counters. */
  private void drain(int self) {
    outbox.apply(effects, self);
  }

  private void emit(Effects.Effect effect, Integer self) {
    if (effect instanceof Effects.Send send) {
      enqueue(self, indexOf(send.target()), send.message());
    } else if (effect instanceof Effects.Reply reply) {
      count(reply.reply());
    }
  }

  private void count(ClientReply reply) {
    if (reply.outcome() == Outcome.OK) {
      repliesOk++;
    } else {
      repliesOther++;
      otherOutcome = reply.outcome();
    }
  }

  private void enqueue(int sender, int target, Message message) {
    if (size == messages.length) {
      grow();
    }
    int i = (head + size) & (messages.length - 1);
    from[i] = sender;
    to[i] = target;
    messages[i] = message;
    size++;
  }

  private void grow() {
    int n = messages.length;
    int[] f = new int[2 * n];
    int[] t = new int[2 * n];
    Message[] m = new Message[2 * n];
    for (int k = 0; k < size; k++) {
      int i = (head + k) & (n - 1);
      f[k] = from[i];
      t[k] = to[i];
      m[k] = messages[i];
    }
    from = f;
    to = t;
    messages = m;
    head = 0;
  }

  private int indexOf(NodeId node) {
    // Views hold the very NodeId instances made here, so identity almost always answers.
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == node) {
        return i;
      }
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(node)) {
        return i;
      }
    }
    throw new IllegalStateException("message to unknown node " + node);
  }

  /**
   * Throws unless every replica executed the same slots and every counter equals the increments
   * submitted: the benchmark must not be able to measure nothing.
   */
  void verify() {
    if (size != 0) {
      throw new IllegalStateException(size + " messages still queued");
    }
    long slots = replicas[0].slotExecutedMax();
    for (int i = 0; i < REPLICAS; i++) {
      long executed = replicas[i].slotExecutedMax();
      long value = ((Counter) hosts[i].instance()).get();
      if (executed != slots || value != submitted) {
        throw new IllegalStateException(
            ids[i]
                + " executed "
                + executed
                + " slots (r0: "
                + slots
                + ") and counts "
                + value
                + " (submitted: "
                + submitted
                + ")");
      }
    }
    if (repliesOk != submitted || slots < 1) {
      throw new IllegalStateException(
          repliesOk + " OK replies for " + submitted + " commands in " + slots + " slots");
    }
  }

  long submitted() {
    return submitted;
  }

  long slotsExecuted() {
    return replicas[0].slotExecutedMax();
  }

  long messagesDelivered() {
    return delivered;
  }
}
