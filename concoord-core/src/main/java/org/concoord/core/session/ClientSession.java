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
 * The client's half of exactly-once and of leader following, as a pure state machine: the seqs, the
 * calls awaiting a final reply (any number, pipelined), what the client may tell the replicas it
 * holds ({@code ackedBelow}), whether the replicas hold its session, the highest slot it saw, and
 * which replica it talks to. The client library drives it on its threads, the simulator in its
 * ticks; both see the same behaviour (docs/client.md, "Exactly-once from the client's side").
 *
 * <p>Inputs: a call started ({@link #start}), a reply ({@link #onReply}), a tick ({@link #onTick}),
 * and connection events ({@link #onConnected}, {@link #onDisconnected}, {@link #onUnreachable}).
 * Outputs: {@link SessionEffects}. Rules:
 *
 * <ul>
 *   <li>A call takes the next seq and keeps it for every attempt: a resend is the same request.
 *   <li>ackedBelow is the lowest outstanding seq (the request's own if lower), except that until a
 *       reply from execution proves the replicas hold a session for this client (OK, EXCEPTION,
 *       UNBLOCKED, BLOCKED to a call of the current session) it is 1: a replica refuses a request
 *       of an unknown session whose ackedBelow is above 1, since it might be a retry of a call
 *       whose session expired. A REJECTED with reason SESSION_EXPIRED starts a new session, under a
 *       new client id, and fails the older calls still outstanding (they may have run before). A
 *       request of the old session still queued at a replica (seq 2, ackedBelow 2) would otherwise
 *       run again in the new one, known to the replicas from its ackedBelow-1 start.
 *   <li>NOT_LEADER moves to the hinted replica (without a hint, to the next after a backoff); a
 *       lost connection, or an attempt without reply for the request timeout, moves at once; every
 *       outstanding call is resent on the new replica. Failovers in a row back off exponentially
 *       (the first hints excepted); any other reply from the replica resets the count.
 *   <li>BLOCKED parks a call: it waits without a request timeout until UNBLOCKED or a move.
 *   <li>Sequential and bounded reads of a confirmed session take turns among the session's replica
 *       and the others the driver has connections to ({@link #onSideConnected}; {@link
 *       ReadSpread}); a side's NOT_LEADER, an unanswered attempt or a lost side sends the read to
 *       the session's replica. Each carries the slot seen, so no answer goes back in time.
 * </ul>
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: time is the driver's ticks.
 */
public final class ClientSession {
  private long clientId; // a new one for each session: see the class comment
  private final SessionConfig config;
  private final Set<Mutation> mutations;
  private final ReadSpread spread;
  private final SessionLink link;

  /** Calls awaiting a final reply, by the seq they are sent with. */
  private final TreeMap<Long, OutstandingCall> outstanding = new TreeMap<>();

  private long nextSeq = 1;
  private long sessionFirstSeq = 1;
  private boolean confirmed;
  private long slotSeen;
  private long nowTicks;

  public ClientSession(long clientId, SessionConfig config, Set<Mutation> mutations) {
    this.clientId = clientId;
    this.config = Objects.requireNonNull(config, "config");
    this.mutations = Set.copyOf(mutations);
    this.spread = new ReadSpread(config);
    this.link = new SessionLink(config);
  }

  public long clientId() {
    return clientId;
  }

  /**
   * Starts {@code call}, answered in {@code mode} if it reads only: it takes the next seq, which is
   * also its id in the effects, and is sent at once if the session is on a replica.
   */
  public long start(Call call, ReadMode mode, SessionEffects out) {
    long seq = nextSeq++;
    OutstandingCall pending = new OutstandingCall(seq, call, mode);
    outstanding.put(seq, pending);
    if (link.isOn()) {
      send(pending, out);
    } else if (link.isNone()) {
      link.moveNow("not on any replica", out); // nothing was refused, so nothing to back off from
    }
    return seq;
  }

  /** The driver is on {@code replica} now: every outstanding call is sent there. */
  public void onConnected(NodeId replica, SessionEffects out) {
    link.connected(replica);
    for (OutstandingCall pending : new ArrayList<>(outstanding.values())) {
      send(pending, out);
    }
  }

  /**
   * The driver holds a connection to {@code replica} besides the session's own: sequential and
   * bounded reads may go there too.
   */
  public void onSideConnected(NodeId replica) {
    spread.add(Objects.requireNonNull(replica, "replica"));
  }

  /** The connection to side {@code replica} was lost: its reads go to the session's replica. */
  public void onSideLost(NodeId replica, SessionEffects out) {
    if (spread.remove(replica)) {
      resendFromSide(replica, false, out);
    }
  }

  /** The connection to the replica the session is on was lost: move at once. */
  public void onDisconnected(String why, SessionEffects out) {
    if (link.isOn()) {
      link.leave(null, false, why, nowTicks, out);
    }
  }

  /** The driver reached no replica: every outstanding call fails, outcome unknown. */
  public void onUnreachable(String why, SessionEffects out) {
    link.unreachable();
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
    boolean current = link.isCurrent(from);
    OutstandingCall pending = outstanding.get(reply.seq());
    if (pending != null && pending.side != null && pending.side.equals(from) && !current) {
      if (reply.outcome() == Outcome.NOT_LEADER) {
        spread.refused(pending.call.method(), nowTicks);
        pending.mainOnly = true; // to the session's replica, which answers it or says who leads
        resend(pending, out);
        return;
      }
      spread.answered(pending.call.method());
    }
    if (reply.outcome() == Outcome.NOT_LEADER) {
      if (current) {
        NodeId hint = from.equals(reply.leaderHint()) ? null : reply.leaderHint();
        link.leave(
            hint,
            hint == null,
            from + " is not the leader" + (hint == null ? " and knows none" : "; it names " + hint),
            nowTicks,
            out);
      }
      return;
    }
    if (current) {
      link.served(); // the replica serves us: stop backing off
    }
    if (reply.outcome() == Outcome.BLOCKED) {
      if (pending != null && current && pending.sentEpoch == link.epoch()) {
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
   * Time passed: a due move is made, and an attempt without a reply for its timeout (unless parked)
   * makes the session leave its replica. {@code ticks} never goes back.
   */
  public void onTick(long ticks, SessionEffects out) {
    nowTicks = Math.max(nowTicks, ticks);
    if (link.moveIfDue(nowTicks, out) || !link.isOn()) {
      return;
    }
    for (OutstandingCall pending : new ArrayList<>(outstanding.values())) {
      long timeout = config.attemptTimeoutTicks(pending.call.args().length);
      if (pending.side != null && nowTicks - pending.sentAtTicks > timeout) {
        spread.timedOut(pending.side, nowTicks); // the side rests; the session's replica stays
        resendFromSide(pending.side, true, out);
        continue;
      }
      if (!pending.blocked && nowTicks - pending.sentAtTicks > timeout) {
        link.leave(
            null,
            false,
            "no reply to " + pending + " from " + link.node() + " within " + timeout + " ticks",
            nowTicks,
            out);
        return;
      }
      if (pending.blocked
          && config.parkedResendTicks() > 0
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
    return pending == null ? null : pending.describe();
  }

  /** Calls awaiting a final reply. */
  public int outstandingCount() {
    return outstanding.size();
  }

  /** The replica the session is on, or null while it moves. */
  public NodeId replica() {
    return link.replica();
  }

  /** The highest slot any reply reflected (0 if none said). */
  public long slotSeen() {
    return slotSeen;
  }

  /** The ackedBelow a request for {@code seq} carries now. */
  public long ackedBelow(long seq) {
    if (!confirmed
        && seq >= sessionFirstSeq
        && !mutations.contains(Mutation.CLIENT_CONFIRMS_EARLY)) {
      return 1;
    }
    if (mutations.contains(Mutation.CLIENT_ACKS_PAST_OUTSTANDING)) {
      return seq;
    }
    return outstanding.isEmpty() ? seq : Math.min(outstanding.firstKey(), seq);
  }

  // ---- internals ------------------------------------------------------------------------------

  private void send(OutstandingCall pending, SessionEffects out) {
    if (pending.attempts > 0 && mutations.contains(Mutation.CLIENT_RESEND_NEW_SEQ)) {
      outstanding.remove(pending.seq);
      pending.seq = nextSeq++;
      outstanding.put(pending.seq, pending);
    }
    // A read any replica may answer takes its turn, once a reply proved the session: a side
    // serves a client only whose session its state holds.
    pending.side =
        pending.mode.anyReplica() && confirmed && !pending.mainOnly
            ? spread.pick(link.node(), pending.call.method(), nowTicks)
            : null;
    pending.sentAtTicks = nowTicks;
    pending.sentEpoch = link.epoch();
    pending.blocked = false;
    pending.attempts++;
    NodeId to = pending.side != null ? pending.side : link.node();
    pending.lastTarget = to;
    ClientCommand command =
        new ClientCommand(clientId, pending.seq, ackedBelow(pending.seq), pending.call);
    long seen =
        pending.side != null && mutations.contains(Mutation.CLIENT_SPREAD_WITHOUT_SLOT_SEEN)
            ? 0
            : slotSeen;
    // Always with read options: they tell the replica that this client reads reply slots.
    out.add(new SessionEffects.Send(to, new ClientRequest(command, pending.mode, seen)));
  }

  /**
   * Sends the reads out at {@code side} to the session's replica ({@code mainOnly}: they stay
   * there), or to their next turn; while the session moves they wait for its next replica.
   */
  private void resendFromSide(NodeId side, boolean mainOnly, SessionEffects out) {
    for (OutstandingCall pending : new ArrayList<>(outstanding.values())) {
      if (side.equals(pending.side)) {
        pending.mainOnly |= mainOnly;
        resend(pending, out);
      }
    }
  }

  /** Sends {@code pending} again if the session is on a replica; else it waits for the next. */
  private void resend(OutstandingCall pending, SessionEffects out) {
    pending.side = null;
    if (link.isOn()) {
      send(pending, out);
    }
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
    long expired = clientId;
    clientId = ClientIds.next(clientId);
    Map<Long, OutstandingCall> older = outstanding.headMap(sessionFirstSeq);
    List<OutstandingCall> failed = new ArrayList<>();
    for (OutstandingCall pending : older.values()) {
      if (pending.seq != seq) {
        failed.add(pending);
      }
    }
    for (OutstandingCall pending : failed) {
      outstanding.remove(pending.seq);
      out.add(
          new SessionEffects.Fail(
              pending.id,
              Failure.SESSION_EXPIRED,
              "the replicas expired"
                  + " the session of client "
                  + expired
                  + " while "
                  + pending
                  + " was outstanding;"
                  + " its outcome is unknown"));
    }
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
}
