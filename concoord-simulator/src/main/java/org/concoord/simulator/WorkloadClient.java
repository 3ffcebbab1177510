package org.concoord.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.session.ClientSession;
import org.concoord.core.session.SessionConfig;
import org.concoord.core.session.SessionEffects;
import org.concoord.core.value.ValueCodec;

/**
 * A simulated application calling through the core's {@link ClientSession}, the client library's
 * own session logic (seqs, ackedBelow, session confirmation, leader following, resends and backoff
 * in ticks): it decides what to call and records each call for the checkers; the session decides
 * what goes on the wire. A counter-workload client keeps up to {@code pipeline} calls outstanding
 * at once; a coordination client runs its cycles one call at a time, as they need. Every replica of
 * the run is a side of its session (the simulated network needs no connection), so its sequential
 * and bounded reads are spread over them all, as the library spreads them over the nodes it
 * reaches.
 */
final class WorkloadClient {
  /** Sends a request to a replica over the network. */
  interface Sender {
    void send(WorkloadClient client, NodeId replica, ClientRequest request);
  }

  /** Objects a named workload spreads its calls over, besides the default one. */
  static final int NAMED_OBJECTS = 3;

  /** A bounded read's staleness bound in the simulator (ticks are 10 ms, as the runtime's). */
  static final long BOUND_MILLIS = 300;

  /** Calls a counter-workload client keeps outstanding at most (drawn per client, 1 to this). */
  static final int PIPELINE_MAX = Integer.getInteger("concoord.sim.pipeline", 3);

  /**
   * Ticks between two starts of one client at most (from 1): calls overlap when replies take longer
   * (a failover, a slow link), at about the op rate of one call at a time with short gaps.
   */
  static final int START_GAP_TICKS_MAX = Integer.getInteger("concoord.sim.gap", 14);

  final int index;

  /** The client's first session's id; each later session has its own ({@link #sessionId}). */
  final long clientId;

  final String name;
  private final SplittableRandom random;
  private final List<ClientOp> history;
  private final ClientSession session;
  private final SessionEffects out = new SessionEffects();

  /** The calls outstanding, by their id in the session. */
  private final Map<Long, ClientOp> ops = new HashMap<>();

  private final int pipeline;

  /** Index of the replica the session is on, and whence "the next" is counted. */
  private int target;

  private List<NodeId> replicas = List.of();

  /** How many of {@link #replicas} the session has as sides. */
  private int sides;

  private Sender sender;

  /** A lease drill is on (LeaseDrill): every read asks for the lease. */
  boolean drilling;

  private long nextStartTicks;
  private boolean connected;
  private long appendCounter;

  /** The coordination workload's next calls; null for the counter workload. */
  private final CoordinationScript script;

  /** Whether calls go to named objects too (issue 18): see {@link #objectFor}. */
  private boolean named;

  /** The named object of the coordination cycle under way ("" for the default object). */
  private String cycleObject = "";

  /** Issue 14's session oracle, for a run whose sessions expire; null otherwise. */
  private SessionOracle sessions;

  private long sessionExpiryTicks;
  private final SilentSpell silence = new SilentSpell();

  /** The first reply the workload cannot produce when the protocol is right, or null. */
  String unexpected;

  WorkloadClient(
      int index,
      long clientId,
      SplittableRandom random,
      List<ClientOp> history,
      CoordinationScript.BarrierLedger ledger,
      int requestTimeoutTicks,
      Set<Mutation> mutations) {
    this.index = index;
    this.clientId = clientId;
    this.name = "client-" + index;
    this.random = random;
    this.history = history;
    this.target = random.nextInt(16);
    this.script = ledger == null ? null : new CoordinationScript(random, ledger);
    this.pipeline = script == null ? 1 + random.nextInt(PIPELINE_MAX) : 1;
    // The library's timing at 10 ms a tick, with the seed's request timeout; a parked call is
    // asked again after one, since this network loses single replies (SessionConfig).
    this.session =
        new ClientSession(
            clientId,
            new SessionConfig(requestTimeoutTicks, 0, 3, 100, 3, requestTimeoutTicks),
            mutations);
  }

  /** The id of the client's current session: replies to it are this client's. */
  long sessionId() {
    return session.clientId();
  }

  /**
   * From now on, calls go to named objects too: each counter call, and each lock or semaphore
   * cycle, to one of {@value #NAMED_OBJECTS} named objects or the default one, chosen by a hash of
   * the client and its seq (no draw from the seed's random).
   */
  void useNamedObjects() {
    named = true;
  }

  private String objectFor(long nextSeq) {
    if (!named) {
      return "";
    }
    long mixed = (clientId * 0x9E3779B97F4A7C15L) ^ (nextSeq * 0xC2B2AE3D27D4EB4FL);
    int pick = (int) Math.floorMod(mixed ^ (mixed >>> 29), NAMED_OBJECTS + 1);
    return pick == NAMED_OBJECTS ? "" : "sim/" + pick;
  }

  /**
   * Sessions expire after {@code expiryTicks} of the replicated clock; an expiry is a failure
   * unless {@code sessions} says the instance had not heard this client for that long. Client 0
   * then falls silent once for longer than that, so that its session expires and it must start a
   * new one, as an application paused for long does.
   */
  void watchSessions(SessionOracle sessions, long expiryTicks, long activeTicks) {
    this.sessions = sessions;
    this.sessionExpiryTicks = expiryTicks;
    if (index == 0) {
      silence.plan(activeTicks / 3, 2 * expiryTicks + 100);
    }
  }

  /** No call outstanding and none owed (a coordination client owes the rest of its cycle). */
  boolean isIdle() {
    return ops.isEmpty() && (script == null || !script.inCycle());
  }

  /** The calls still outstanding, e.g. {@code client-1 await #7}, or null; for failure reports. */
  String describePending() {
    return ops.isEmpty()
        ? null
        : name
            + " "
            + ops.entrySet().stream()
                .map(e -> e.getValue().method + " #" + e.getKey())
                .sorted()
                .toList();
  }

  /** Called every tick: time for the session, then new calls while the pipeline has room. */
  void onTick(long now, boolean mayStart, List<NodeId> replicas, Sender sender) {
    this.replicas = replicas;
    this.sender = sender;
    if (!connected) {
      connected = true; // the library connects before its first call, to a node of its own pick
      session.onConnected(replicas.get(Math.floorMod(target, replicas.size())), out);
    }
    for (; sides < replicas.size(); sides++) {
      session.onSideConnected(replicas.get(sides)); // replicas added since are reached too
    }
    session.onTick(now, out);
    drain(now);
    if (silence.holds(now, ops.isEmpty())) {
      return;
    }
    // After the active phase a coordination client may still owe calls (see the script).
    while ((mayStart || script != null)
        && now >= nextStartTicks
        && ops.size() < pipeline
        && (script == null || ops.isEmpty())) {
      if (!start(now, mayStart)) {
        break;
      }
      nextStartTicks = now + 1 + random.nextInt(START_GAP_TICKS_MAX);
    }
  }

  /** Starts the workload's next call; false if the script has nothing to call now. */
  private boolean start(long now, boolean active) {
    if (script != null) {
      String method = script.next(active);
      if (method == null) {
        return false;
      }
      if (method.equals("acquire") || method.equals("down")) {
        cycleObject = objectFor(nextSeq()); // the whole cycle on one object
      }
      // Coordination calls take no argument (the host passes the Caller); the checkers need
      // the client id, recorded as the op's argument.
      startCall(
          now,
          method.equals("await") ? "" : cycleObject,
          method,
          clientId,
          ValueCodec.encodeArgs(),
          ReadMode.LINEARIZABLE);
      return true;
    }
    int kind = random.nextInt(4);
    if (drilling && index % 2 == 0 && kind % 2 == 0) {
      kind++; // the lease drill's readers only read: get or read, with the lease
    } else if (drilling && index % 2 == 1 && kind % 2 == 1) {
      // Its writers only write: each write renews the deposed leader's lease up to the new
      // leader's promises, then their writes are what a stale lease read would miss.
      kind--;
    }
    String method =
        switch (kind) {
          case 0 -> "add";
          case 1 -> "get";
          case 2 -> "append";
          default -> "read";
        };
    long argument =
        kind == 0 ? 1 + random.nextInt(9) : kind == 2 ? (long) index << 32 | ++appendCounter : 0;
    byte[] args = kind % 2 == 0 ? ValueCodec.encodeArgs(argument) : ValueCodec.encodeArgs();
    boolean onCounter = kind < 2;
    startCall(
        now,
        onCounter ? objectFor(nextSeq()) : "",
        method,
        argument,
        args,
        modeFor(method, nextSeq()));
    return true;
  }

  /** The seq the next call will take (the session's ids are its seqs). */
  private long nextSeq() {
    return lastId + 1;
  }

  private long lastId;

  private void startCall(
      long now, String object, String method, long argument, byte[] args, ReadMode mode) {
    Call call = object.isEmpty() ? new Call(method, args) : Call.on(object, "", method, args);
    ClientOp op = new ClientOp(index, object, method, argument, now);
    op.mode = mode;
    history.add(op);
    lastId = session.start(call, mode, out);
    ops.put(lastId, op);
    drain(now);
  }

  /**
   * The read mode of a counter-workload call: each of the four for a read, by a hash of the client
   * and seq (no draw from the seed's random).
   */
  private ReadMode modeFor(String method, long nextSeq) {
    if (!method.equals("get") && !method.equals("read")) {
      return ReadMode.LINEARIZABLE;
    }
    if (drilling) {
      return ReadMode.LEASE;
    }
    long mixed = (clientId * 0xC2B2AE3D27D4EB4FL) ^ (nextSeq * 0x9E3779B97F4A7C15L);
    return switch ((int) Math.floorMod(mixed ^ (mixed >>> 31), 4)) {
      case 0 -> ReadMode.LINEARIZABLE;
      case 1 -> ReadMode.LEASE;
      case 2 -> ReadMode.SEQUENTIAL;
      default -> ReadMode.bounded(BOUND_MILLIS);
    };
  }

  /** Sends what is outstanding, and what follows, to {@code replica} (the lease drill). */
  void moveTo(int replica, long now) {
    target = replica;
    if (!replicas.isEmpty()) {
      session.onConnected(replicas.get(Math.floorMod(target, replicas.size())), out);
      drain(now);
    }
  }

  void onReply(NodeId from, ClientReply reply, long now) {
    session.onReply(from, reply, out);
    drain(now);
  }

  /** Does what the session asks: sends, moves (which never fail here), completions. */
  private void drain(long now) {
    while (!out.isEmpty()) {
      List<SessionEffects.Effect> effects = new ArrayList<>(out.list());
      out.clear();
      burst = Set.copyOf(ops.keySet()); // a refusal fails the others before it completes
      for (SessionEffects.Effect effect : effects) {
        if (effect instanceof SessionEffects.Send send) {
          sender.send(this, send.target(), send.request());
        } else if (effect instanceof SessionEffects.Move move) {
          int hinted = move.hint() == null ? -1 : replicas.indexOf(move.hint());
          target = hinted >= 0 ? hinted : target + 1;
          session.onConnected(replicas.get(Math.floorMod(target, replicas.size())), out);
        } else if (effect instanceof SessionEffects.Complete done) {
          complete(ops.remove(done.id()), done.reply(), now);
        } else if (effect instanceof SessionEffects.Fail failed) {
          ops.remove(failed.id()); // its outcome is unknown: the checkers take it as such
        }
      }
    }
  }

  private void complete(ClientOp op, ClientReply reply, long now) {
    if (reply.outcome() == Outcome.REJECTED || reply.outcome() == Outcome.EXCEPTION) {
      refused(op, reply, now);
      return;
    }
    silence.succeeded();
    op.completeTicks = now;
    op.slot = reply.slot();
    op.output = decodeOutput(reply.payload());
  }

  /** The workload never throws and never overloads the leader: a refusal is a bug, or expiry. */
  private void refused(ClientOp op, ClientReply reply, long now) {
    Object why =
        reply.outcome() == Outcome.REJECTED
            ? Refusal.decode(reply.payload())
            : ValueCodec.decode(reply.payload());
    boolean expired = why instanceof Refusal refusal && refusal.reason() == Reason.SESSION_EXPIRED;
    String problem;
    if (!expired) {
      problem = name + " seq " + reply.seq() + " got " + reply.outcome() + ": " + why;
    } else if (!silence.explains()
        && (sessions == null
            || sessions.expiredWrongly(
                reply.clientId(), reply.seq(), burst, now, sessionExpiryTicks))) {
      // Issue 14's oracle: the instance heard this client (SessionOracle): its session lives on.
      problem =
          "session expired for " + name + ", a client that kept calling (seq " + reply.seq() + ")";
    } else {
      // Not heard for that long: a true expiry. The call did not run; the session starts anew.
      problem = silence.expired(name, reply.seq());
    }
    if (unexpected == null) {
      unexpected = problem;
    }
    if (!expired) {
      op.completeTicks = now;
      op.output = List.of(); // a refusal's payload is its [code, message], not a result
    }
  }

  /** The calls outstanding before the effects being done: a refusal's burst. */
  private Set<Long> burst = Set.of();

  /** A result as a list of longs: the counter's value alone, or the list. */
  private static List<Long> decodeOutput(byte[] payload) {
    Object value = ValueCodec.decode(payload);
    List<Long> out = new ArrayList<>();
    if (value instanceof Long single) {
      out.add(single);
    } else if (value instanceof List<?> many) {
      many.forEach(v -> out.add((Long) v));
    }
    return out;
  }
}
