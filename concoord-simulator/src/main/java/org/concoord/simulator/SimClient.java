package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;

/**
 * A simulated client with one call outstanding at a time, as the client library behaves: it retries
 * the same (clientId, seq) after a timeout or a NOT_LEADER, following the leader hint or moving to
 * the next replica, and never gives up; a BLOCKED reply means wait.
 */
final class SimClient {
  /** Sends a request to a replica over the network. */
  interface Sender {
    void send(SimClient client, NodeId replica, ClientRequest request);
  }

  /** Wait before trying another replica after a NOT_LEADER that names no leader. */
  static final int NO_LEADER_BACKOFF_TICKS = 3;

  final int index;
  final long clientId;
  final String name;
  private final SplittableRandom random;
  private final List<ClientOp> history;
  private long seq;
  private long ackedBelow = 1;
  private int target;
  private ClientCommand current;
  private ClientOp op;
  /** The current call's read mode, and the highest slot any reply reflected (issue 20). */
  private ReadMode mode = ReadMode.LINEARIZABLE;
  private long slotSeen;
  /** A lease drill is on (LeaseDrill): every read asks for the lease. */
  boolean drilling;
  private long retryAtTicks;
  private long nextStartTicks;
  private long appendCounter;
  private int timeoutTicks = 30;
  /** The coordination workload's next calls; null for the counter workload. */
  private final CoordinationScript script;
  /** Whether calls go to named objects too (issue 18): see {@link #objectFor}. */
  private boolean named;
  /** The named object of the coordination cycle under way ("" for the default object). */
  private String cycleObject = "";
  int retries;
  /** Issue 14's session oracle, for a run whose sessions expire; null otherwise. */
  private SessionOracle sessions;
  private long sessionExpiryTicks;
  /** Lost its session without a bug (the instance did not hear it): calls nothing more. */
  private boolean retired;
  /** The first reply the workload cannot produce when the protocol is right, or null. */
  String unexpected;

  SimClient(int index, long clientId, SplittableRandom random, List<ClientOp> history) {
    this(index, clientId, random, history, null);
  }

  /** A client of the coordination workload when {@code ledger} is not null. */
  SimClient(int index, long clientId, SplittableRandom random, List<ClientOp> history,
      CoordinationScript.BarrierLedger ledger) {
    this.index = index;
    this.clientId = clientId;
    this.name = "client-" + index;
    this.random = random;
    this.history = history;
    this.target = random.nextInt(16);
    this.script = ledger == null ? null : new CoordinationScript(random, ledger);
  }

  /** Objects a named workload spreads its calls over, besides the default one. */
  static final int NAMED_OBJECTS = 3;

  /**
   * From now on, calls go to named objects too: each counter call, and each lock or semaphore
   * cycle, to one of {@value #NAMED_OBJECTS} named objects or the default one, chosen by a hash of
   * the client and its seq (no draw from the seed's random: the run's other draws stay as they
   * were). The append-only list and the barrier stay on the default object.
   */
  void useNamedObjects() {
    named = true;
  }

  /** The object for a call starting at {@code nextSeq}: "" or "sim/0".."sim/2". */
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
   * unless {@code sessions} says the instance had not heard this client for that long.
   */
  void watchSessions(SessionOracle sessions, long expiryTicks) {
    this.sessions = sessions;
    this.sessionExpiryTicks = expiryTicks;
  }

  /** No call outstanding and none owed (a coordination client owes the rest of its cycle). */
  boolean isIdle() {
    return current == null && (script == null || !script.inCycle());
  }

  /** The call still outstanding, e.g. {@code client-1 await #7}, or null; for failure reports. */
  String describePending() {
    return current == null ? null : name + " " + current.call() + " #" + current.seq();
  }

  /** Called every tick: start a new op if allowed, or retry the current one on timeout. */
  void onTick(long now, boolean mayStart, int timeoutTicks, List<NodeId> replicas, Sender sender) {
    this.timeoutTicks = timeoutTicks;
    if (retired) {
      return;
    }
    if (current == null) {
      // After the active phase a coordination client may still owe calls (see the script).
      if ((mayStart || script != null) && now >= nextStartTicks) {
        start(now, mayStart, replicas, sender);
      }
      return;
    }
    if (now >= retryAtTicks) {
      retries++;
      target++;
      resend(now, timeoutTicks, replicas, sender);
    }
  }

  private void start(long now, boolean active, List<NodeId> replicas, Sender sender) {
    if (script != null) {
      String method = script.next(active);
      if (method != null) {
        if (method.equals("acquire") || method.equals("down")) {
          cycleObject = objectFor(seq + 1); // the whole cycle on one object
        }
        String object = method.equals("await") ? "" : cycleObject;
        // Coordination calls take no argument (the host passes the Caller); the checkers need
        // the client id, recorded as the op's argument.
        startCall(now, object, method, clientId, ValueCodec.encodeArgs(), replicas, sender);
      }
      return;
    }
    int kind = random.nextInt(4);
    if (drilling && index % 2 == 0 && kind % 2 == 0) {
      kind++; // the lease drill's readers only read: get or read, with the lease
    } else if (drilling && index % 2 == 1 && kind % 2 == 1) {
      // Its writers only write: each write renews the deposed leader's lease up to the new
      // leader's promises, then their writes are what a stale lease read would miss.
      kind--;
    }
    String method;
    long argument = 0;
    switch (kind) {
      case 0 -> {
        method = "add";
        argument = 1 + random.nextInt(9);
      }
      case 1 -> method = "get";
      case 2 -> {
        method = "append";
        argument = (long) index << 32 | ++appendCounter;
      }
      default -> method = "read";
    }
    byte[] args =
        method.equals("add") || method.equals("append")
            ? ValueCodec.encodeArgs(argument)
            : ValueCodec.encodeArgs();
    boolean onCounter = method.equals("add") || method.equals("get");
    startCall(now, onCounter ? objectFor(seq + 1) : "", method, argument, args, replicas, sender);
  }

  private void startCall(long now, String object, String method, long argument, byte[] args,
      List<NodeId> replicas, Sender sender) {
    seq++;
    Call call = object.isEmpty() ? new Call(method, args) : Call.on(object, "", method, args);
    current = new ClientCommand(clientId, seq, ackedBelow, call);
    op = new ClientOp(index, object, method, argument, now);
    mode = script == null ? modeFor(method, seq) : ReadMode.LINEARIZABLE;
    op.mode = mode;
    history.add(op);
    resend(now, timeoutTicks, replicas, sender);
  }

  private void resend(long now, int waitTicks, List<NodeId> replicas, Sender sender) {
    retryAtTicks = now + waitTicks;
    sender.send(this, replicas.get(Math.floorMod(target, replicas.size())),
        new ClientRequest(current, mode, slotSeen));
  }

  /** Sends what is outstanding, and what follows, to {@code replica} (the lease drill). */
  void moveTo(int replica, long now, List<NodeId> replicas, Sender sender) {
    target = replica;
    if (current != null) {
      resend(now, timeoutTicks, replicas, sender);
    }
  }

  /** A bounded read's staleness bound in the simulator (ticks are 10 ms, as the runtime's). */
  static final long BOUND_MILLIS = 300;

  /**
   * The read mode of a counter-workload call: each of the four for a read, by a hash of the client
   * and seq (no draw from the seed's random: the run's other draws stay as they were).
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

  void onReply(ClientReply reply, long now, List<NodeId> replicas, Sender sender) {
    if (current == null || reply.seq() != current.seq()) {
      return; // a late or duplicate reply to an earlier call
    }
    switch (reply.outcome()) {
      case NOT_LEADER -> {
        int hinted = reply.leaderHint() == null ? -1 : replicas.indexOf(reply.leaderHint());
        if (hinted < 0) {
          // No leader known there: try the next replica soon, without spinning.
          retryAtTicks = Math.min(retryAtTicks, now + NO_LEADER_BACKOFF_TICKS);
          return;
        }
        target = hinted;
        retries++;
        resend(now, timeoutTicks, replicas, sender);
      }
      case BLOCKED -> retryAtTicks = now + timeoutTicks;
      case OK, UNBLOCKED -> complete(reply, now);
      case EXCEPTION, REJECTED -> {
        // The workload never throws and never overloads the leader: either is a bug.
        Object why = reply.outcome() == Outcome.REJECTED ? Refusal.decode(reply.payload())
            : ValueCodec.decode(reply.payload());
        boolean expired = why instanceof Refusal refusal
            && refusal.reason() == Reason.SESSION_EXPIRED;
        if (expired && sessions != null && !sessions.expiredWrongly(clientId, reply.seq(),
            now, sessionExpiryTicks)) {
          // Not heard for that long (its requests lost): a true expiry. The call did not run,
          // and the session is gone, so this client, like an application told so, stops.
          current = null;
          op = null;
          retired = true;
          return;
        }
        if (unexpected == null && expired) {
          // Issue 14's oracle: this client kept calling (never idle for more than a few ticks
          // between calls, and never cut off from the replicas), and the instance heard it
          // (SessionOracle), so its session must live on.
          unexpected = "session expired for " + name + ", a client that kept calling (seq "
              + reply.seq() + ")";
        } else if (unexpected == null) {
          unexpected = name + " seq " + reply.seq() + " got " + reply.outcome() + ": " + why;
        }
        complete(reply, now);
      }
    }
  }

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

  private void complete(ClientReply reply, long now) {
    op.completeTicks = now;
    op.slot = reply.slot();
    slotSeen = Math.max(slotSeen, reply.slot());
    // A refusal's payload is its [code, message] (message.Refusal), not a result.
    op.output = reply.outcome() == Outcome.REJECTED ? List.of() : decodeOutput(reply.payload());
    ackedBelow = current.seq() + 1;
    current = null;
    op = null;
    nextStartTicks = now + random.nextInt(3);
  }
}
