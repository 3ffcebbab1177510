package org.concoord.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.session.SessionEffects.Failure;

/**
 * The client's half of exactly-once and of leader following, as a pure state machine: the seqs,
 * the calls awaiting a final reply (any number, pipelined), what the client may tell the replicas
 * it holds ({@code ackedBelow}), whether the replicas hold its session, the highest slot it saw,
 * and which replica it talks to. The client library drives it on its threads, the simulator in
 * its ticks; both see the same behaviour (docs/client.md, "Exactly-once from the client's side").
 *
 * <p>Inputs: a call started ({@link #start}), a reply ({@link #onReply}), a tick ({@link
 * #onTick}), and connection events ({@link #onConnected}, {@link #onDisconnected}, {@link
 * #onUnreachable}). Outputs: {@link SessionEffects}. Rules:
 *
 * <ul>
 *   <li>A call takes the next seq and keeps it for every attempt: a resend is the same request.
 *   <li>ackedBelow is the lowest outstanding seq (the request's own if lower), except that until
 *       a reply from execution proves the replicas hold a session for this client (OK, EXCEPTION,
 *       UNBLOCKED, BLOCKED to a call of the current session) it is 1: a replica refuses a request
 *       of an unknown session whose ackedBelow is above 1, since it might be a retry of a call
 *       whose session expired. A REJECTED with reason SESSION_EXPIRED starts a new session at the
 *       next seq and fails the older calls still outstanding (they may have run before).
 *   <li>NOT_LEADER moves to the hinted replica (without a hint, to the next after a backoff); a
 *       lost connection, or an attempt without reply for the request timeout, moves at once; every
 *       outstanding call is resent on the new replica. Failovers in a row back off exponentially
 *       (the first hints excepted); any other reply from the replica resets the count.
 *   <li>BLOCKED parks a call: it waits without a request timeout until UNBLOCKED or a move.
 * </ul>
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: time is the driver's ticks.
 */
public final class ClientSession {
  /** Where the session's requests go. */
  private enum Link {
    /** On a replica: requests are sent to it. */
    ON,
    /** Leaving it once the backoff has passed; new calls wait. */
    LEAVING,
    /** A {@link SessionEffects.Move} was emitted: waiting for the driver's answer. */
    MOVING,
    /** No replica, and none asked for: the next call asks for one. */
    NONE
  }

  private final long clientId;
  private final SessionConfig config;
  private final Set<Mutation> mutations;
  /** Calls awaiting a final reply, by the seq they are sent with. */
  private final TreeMap<Long, OutstandingCall> outstanding = new TreeMap<>();
  private long nextSeq = 1;
  private long sessionFirstSeq = 1;
  private boolean confirmed;
  private long slotSeen;
  private long nowTicks;
  private Link link = Link.NONE;
  private NodeId node;
  /** Bumped at every connection: a call sent in an older one is resent. */
  private long epoch;
  private NodeId leaveHint;
  private String leaveWhy;
  private long leaveAtTicks;
  private int failoversInARow;

  public ClientSession(long clientId, SessionConfig config, Set<Mutation> mutations) {
    this.clientId = clientId;
    this.config = Objects.requireNonNull(config, "config");
    this.mutations = Set.copyOf(mutations);
  }

  public long clientId() {
    return clientId;
  }

  /**
   * Starts {@code call}, answered in {@code mode} if it reads only: it takes the next seq, which
   * is also its id in the effects, and is sent at once if the session is on a replica.
   */
  public long start(Call call, ReadMode mode, SessionEffects out) {
    long seq = nextSeq++;
    OutstandingCall pending = new OutstandingCall(seq, call, mode);
    outstanding.put(seq, pending);
    if (link == Link.ON) {
      send(pending, out);
    } else if (link == Link.NONE) {
      leaveWhy = "not on any replica";
      move(out); // at once: nothing was refused, so nothing to back off from
    }
    return seq;
  }

  /** The driver is on {@code replica} now: every outstanding call is sent there. */
  public void onConnected(NodeId replica, SessionEffects out) {
    link = Link.ON;
    node = Objects.requireNonNull(replica, "replica");
    epoch++;
    for (OutstandingCall pending : new ArrayList<>(outstanding.values())) {
      send(pending, out);
    }
  }

  /** The connection to the replica the session is on was lost: move at once. */
  public void onDisconnected(String why, SessionEffects out) {
    if (link == Link.ON) {
      leave(null, false, why, out);
    }
  }

  /** The driver reached no replica: every outstanding call fails, outcome unknown. */
  public void onUnreachable(String why, SessionEffects out) {
    link = Link.NONE;
    node = null;
    for (OutstandingCall pending : outstanding.values()) {
      out.add(new SessionEffects.Fail(pending.id, Failure.UNAVAILABLE, why));
    }
    outstanding.clear();
  }

  /**
   * A reply for this client. {@code from} is the replica the session is on if it came on the
   * current connection, null if it came on one already left: a final reply completes its call
   * whichever, but only the current replica's NOT_LEADER and BLOCKED count.
   */
  public void onReply(NodeId from, ClientReply reply, SessionEffects out) {
    if (reply.clientId() != clientId) {
      return; // not ours: a replica must not send it, and it completes nothing
    }
    slotSeen = Math.max(slotSeen, reply.slot()); // before the call completes: the next carries it
    boolean current = from != null && link == Link.ON && from.equals(node);
    if (reply.outcome() == Outcome.NOT_LEADER) {
      if (current) {
        NodeId hint = from.equals(reply.leaderHint()) ? null : reply.leaderHint();
        leave(hint, hint == null, from + " is not the leader"
            + (hint == null ? " and knows none" : "; it names " + hint), out);
      }
      return;
    }
    if (current) {
      failoversInARow = 0; // the replica serves us: stop backing off
    }
    OutstandingCall pending = outstanding.get(reply.seq());
    if (reply.outcome() == Outcome.BLOCKED) {
      if (pending != null && current && pending.sentEpoch == epoch) {
        pending.blocked = true;
      }
      confirm(reply.seq());
      return;
    }
    if (reply.outcome() == Outcome.REJECTED) {
      if (Refusal.decode(reply.payload()).reason() == Reason.SESSION_EXPIRED) {
        sessionExpired(reply.seq(), out);
      }
    } else {
      confirm(reply.seq());
    }
    if (pending != null) {
      outstanding.remove(reply.seq());
      out.add(new SessionEffects.Complete(pending.id, reply));
    }
  }

  /**
   * Time passed: a due move is made, and an attempt without a reply for its timeout (unless
   * parked) makes the session leave its replica. {@code ticks} never goes back.
   */
  public void onTick(long ticks, SessionEffects out) {
    nowTicks = Math.max(nowTicks, ticks);
    if (link == Link.LEAVING && nowTicks >= leaveAtTicks) {
      move(out);
      return;
    }
    if (link != Link.ON) {
      return;
    }
    for (OutstandingCall pending : new ArrayList<>(outstanding.values())) {
      long timeout = attemptTimeoutTicks(pending);
      if (!pending.blocked && nowTicks - pending.sentAtTicks > timeout) {
        leave(null, false, "no reply to " + pending + " from " + node + " within " + timeout
            + " ticks", out);
        return;
      }
      if (pending.blocked && config.parkedResendTicks() > 0
          && nowTicks - pending.sentAtTicks > config.parkedResendTicks()) {
        send(pending, out); // answered BLOCKED again, or with its final reply from the cache
      }
    }
  }

  /**
   * The caller gave up on call {@code id} (its deadline, an interrupt, a close): it is forgotten,
   * and no effect will name it. False if it was not outstanding (completed meanwhile).
   */
  public boolean abandon(long id) {
    OutstandingCall pending = find(id);
    return pending != null && outstanding.remove(pending.seq) != null;
  }

  /**
   * What became of call {@code id}'s attempts, for a timeout's message: e.g. {@code 2 attempt(s),
   * last to a:1, parked: answered BLOCKED}; null if it is not outstanding.
   */
  public String describe(long id) {
    OutstandingCall pending = find(id);
    if (pending == null) {
      return null;
    }
    return pending.attempts + " attempt(s)"
        + (pending.lastTarget == null ? ", none sent" : ", last to " + pending.lastTarget)
        + (pending.blocked ? ", parked: answered BLOCKED" : "");
  }

  /** Calls awaiting a final reply. */
  public int outstandingCount() {
    return outstanding.size();
  }

  /** The replica the session is on, or null while it moves. */
  public NodeId replica() {
    return link == Link.ON ? node : null;
  }

  /** The highest slot any reply reflected (0 if none said). */
  public long slotSeen() {
    return slotSeen;
  }

  /** The ackedBelow a request for {@code seq} carries now. */
  public long ackedBelow(long seq) {
    if (!confirmed && seq >= sessionFirstSeq
        && !mutations.contains(Mutation.CLIENT_CONFIRMS_EARLY)) {
      return 1;
    }
    if (mutations.contains(Mutation.CLIENT_ACKS_PAST_OUTSTANDING)) {
      return seq;
    }
    return outstanding.isEmpty() ? seq : Math.min(outstanding.firstKey(), seq);
  }

  /**
   * How long to wait before a failover, the {@code failoversInARow + 1}-th in a row: nothing for
   * the first, nor for the first hints; then from the backoff's least, doubling, to its most.
   */
  public static long backoffTicks(SessionConfig config, int failoversInARow, boolean hinted) {
    if (failoversInARow == 0 || (hinted && failoversInARow < config.hintsFollowedAtOnce())) {
      return 0;
    }
    return Math.min(config.backoffMaxTicks(),
        config.backoffMinTicks() << Math.min(failoversInARow - 1, 6));
  }

  // ---- internals ------------------------------------------------------------------------------

  private void send(OutstandingCall pending, SessionEffects out) {
    if (pending.attempts > 0 && mutations.contains(Mutation.CLIENT_RESEND_NEW_SEQ)) {
      outstanding.remove(pending.seq);
      pending.seq = nextSeq++;
      outstanding.put(pending.seq, pending);
    }
    pending.sentAtTicks = nowTicks;
    pending.sentEpoch = epoch;
    pending.blocked = false;
    pending.attempts++;
    pending.lastTarget = node;
    ClientCommand command =
        new ClientCommand(clientId, pending.seq, ackedBelow(pending.seq), pending.call);
    // Always with read options: they tell the replica that this client reads reply slots.
    out.add(new SessionEffects.Send(node, new ClientRequest(command, pending.mode, slotSeen)));
  }

  /**
   * Leaves the current replica: for {@code hint} if given, else for the next, after the backoff
   * that the failovers in a row call for (at least its least if {@code backOff}).
   */
  private void leave(NodeId hint, boolean backOff, String why, SessionEffects out) {
    long delay = backoffTicks(config, failoversInARow, hint != null);
    failoversInARow++;
    link = Link.LEAVING;
    leaveHint = hint;
    leaveWhy = why;
    leaveAtTicks = nowTicks + (backOff ? Math.max(delay, config.backoffMinTicks()) : delay);
    if (leaveAtTicks <= nowTicks) {
      move(out);
    }
  }

  private void move(SessionEffects out) {
    link = Link.MOVING;
    node = null;
    out.add(new SessionEffects.Move(leaveHint, leaveWhy));
    leaveHint = null;
    leaveWhy = null;
  }

  /** A reply to {@code seq} came from execution: the replicas hold a session for this client. */
  private void confirm(long seq) {
    if (seq >= sessionFirstSeq) {
      confirmed = true;
    }
  }

  /**
   * The replicas refused {@code seq} because they dropped this client's session. If that is news
   * (the seq belongs to the current session), start a new one with the next seq and fail the older
   * outstanding calls: sending them into the new session could run them twice.
   */
  private void sessionExpired(long seq, SessionEffects out) {
    if (seq < sessionFirstSeq) {
      return; // already known: this was an older call
    }
    sessionFirstSeq = nextSeq;
    confirmed = false;
    Map<Long, OutstandingCall> older = outstanding.headMap(sessionFirstSeq);
    List<OutstandingCall> failed = new ArrayList<>();
    for (OutstandingCall pending : older.values()) {
      if (pending.seq != seq) {
        failed.add(pending);
      }
    }
    for (OutstandingCall pending : failed) {
      outstanding.remove(pending.seq);
      out.add(new SessionEffects.Fail(pending.id, Failure.SESSION_EXPIRED, "the replicas expired"
          + " the session of client " + clientId + " while " + pending + " was outstanding;"
          + " its outcome is unknown"));
    }
  }

  /**
   * How long one attempt of {@code pending} waits: the request timeout, plus a tick per {@link
   * SessionConfig#argsBytesPerTick} of its arguments. A 15 MiB call retried every 2 s to another
   * node became a new 15 MiB proposal at each leader it reached, all held by the acceptors at once.
   */
  private long attemptTimeoutTicks(OutstandingCall pending) {
    return config.requestTimeoutTicks() + (config.argsBytesPerTick() == 0 ? 0
        : pending.call.args().length / config.argsBytesPerTick());
  }

  private OutstandingCall find(long id) {
    OutstandingCall pending = outstanding.get(id);
    if (pending != null && pending.id == id) {
      return pending;
    }
    for (OutstandingCall other : outstanding.values()) { // re-keyed by a mutation only
      if (other.id == id) {
        return other;
      }
    }
    return null;
  }

  /** One call awaiting its final reply. */
  private static final class OutstandingCall {
    /** The seq it started with: how the driver knows it. */
    final long id;
    /** The seq it is sent with: its id, for every attempt. */
    long seq;
    final Call call;
    final ReadMode mode;
    long sentAtTicks;
    long sentEpoch = -1;
    boolean blocked;
    int attempts;
    NodeId lastTarget;

    OutstandingCall(long seq, Call call, ReadMode mode) {
      this.id = seq;
      this.seq = seq;
      this.call = call;
      this.mode = mode;
    }

    @Override
    public String toString() {
      return "'" + call.method() + "' #" + seq;
    }
  }
}
