package org.concoord.core.replica;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.Response;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * Linearizable reads without a log slot, at the active leader (etcd's ReadIndex, for Multi-Paxos):
 * a read arriving records the highest slot that may have been decided (its index), waits for a
 * round of {@link ReadCheck}s started after it arrived to be confirmed by a majority of the
 * acceptors of every view that may govern the slots after its index, waits until this replica
 * executed its index, and runs on the state as it stands. One round serves every read that arrived
 * before it started; a read arriving while {@link #ROUNDS_OUT_MAX} rounds are out waits for the
 * next, started when one of them ends.
 *
 * <p>Why it is linearizable (docs/protocol.md, "Reads"): a write whose reply a client had before
 * the read arrived was chosen before then. Under a ballot above this leader's it would have needed
 * a majority to accept that ballot before the read arrived; the confirming majority shares an
 * acceptor with it, which would then have promised above this ballot before confirming, and
 * confirms only while it has not. So it was chosen under this leader's ballot (this leader decided
 * it: at or below the index) or below it. The lowest such slot above the index lies within {@link
 * View#WINDOW} slots of it (a slot is proposed only once the slot WINDOW before it is chosen), in a
 * view a majority of whose acceptors promised this ballot: one of them accepted the value before
 * promising and reported it in phase 1, which raised the index to cover it. So before answering,
 * the index is taken again; if it grew, the read waits for the new one.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: rounds time out in ticks.
 */
final class ReadIndex {
  /** Runs a read, or sends it through the log when it no longer qualifies. */
  interface Runner {
    /** The read's response, or null if it must go through the log after all. */
    Response run(ClientCommand command);

    void toLog(ClientCommand command, Effects effects);
  }

  /**
   * Rounds out at once: a read arriving while fewer are out starts its own (it waits one round
   * trip, not the rest of the round before it plus its own), while a flood of reads is still served
   * by a few rounds.
   */
  static final int ROUNDS_OUT_MAX = 4;

  private final ReplicaConfig config;
  private final Observer observer;
  private final ViewHistory views;
  private final DecisionLog log;
  private final Leader leader;
  private final Runner runner;
  private final Supplier<NodeId> leaderHint;
  private final boolean skipConfirm;
  private final boolean skipExecution;
  private final LeaderLease lease;

  private Ballot ballot = Ballot.ZERO;
  private final ReadRounds rounds = new ReadRounds();

  /** The latest tick an entry point was given; what {@link #executed} reads the lease at. */
  private long nowTicks;

  /** Lease reads waiting (for their index); a lease read turned round read wants a round. */
  private int leaseReads;

  private boolean roundWanted;

  /** In arrival order, so rounds and indexes never decrease along it. */
  private final ArrayDeque<PendingRead> waiting = new ArrayDeque<>();

  ReadIndex(
      ReplicaConfig config,
      Set<Mutation> mutations,
      Observer observer,
      ViewHistory views,
      DecisionLog log,
      Leader leader,
      LeaderLease lease,
      Runner runner,
      Supplier<NodeId> leaderHint) {
    this.config = config;
    this.observer = observer;
    this.views = views;
    this.log = log;
    this.leader = leader;
    this.lease = lease;
    this.runner = runner;
    this.leaderHint = leaderHint;
    this.skipConfirm = mutations.contains(Mutation.READ_WITHOUT_CONFIRM);
    this.skipExecution = mutations.contains(Mutation.READ_BEFORE_EXECUTED);
  }

  /** Reads waiting for their round or their index. */
  int waitingCount() {
    return waiting.size();
  }

  /**
   * Takes a read at the active leader. False (nothing taken) if as many reads wait as the leader
   * queues commands: the caller refuses it as overloaded.
   */
  boolean offer(ClientCommand command, long nowTicks, Effects effects) {
    return offer(command, false, nowTicks, effects);
  }

  /**
   * Takes a read at the active leader; {@code leaseWanted}: a lease read, which needs no round
   * while this leader's lease holds for the views governing the slots after its index (else it is
   * an ordinary read). False (nothing taken) if as many reads wait as the leader queues commands:
   * the caller refuses it as overloaded.
   */
  boolean offer(ClientCommand command, boolean leaseWanted, long nowTicks, Effects effects) {
    this.nowTicks = nowTicks;
    follow(effects);
    if (!leader.isActive() || waiting.size() >= config.pendingMax()) {
      return false;
    }
    long index = leader.slotMayBeDecidedMax();
    PendingRead read = new PendingRead(command, index, rounds.sent() + 1);
    Set<View> views = leaseWanted ? governingViews(index) : null;
    if (leaseWanted && lease.holds(views, ballot, nowTicks)) {
      read.lease = true;
      read.round = 0;
      leaseReads++;
      observer.mark("reads.lease");
      leaseChecked(read, index, views);
    }
    waiting.add(read);
    if (!read.lease && rounds.outstanding() < ROUNDS_OUT_MAX) {
      startRound(nowTicks, effects);
    }
    answerReady(effects);
    return true;
  }

  void onConfirm(NodeId from, ReadConfirm confirm, long nowTicks, Effects effects) {
    this.nowTicks = nowTicks;
    follow(effects);
    if (!leader.isActive() || !confirm.ballot().equals(ballot) || confirm.round() > rounds.sent()) {
      return; // for another ballot, or a round this incarnation never sent
    }
    if (rounds.ticksKept(confirm.round())) {
      lease.answered(from, confirm.ballot(), ballot, rounds.ticksOf(confirm.round()));
    }
    if (rounds.confirm(from, confirm.round(), views.latest())) {
      observer.mark("reads.round-confirmed");
      if (waitsForUnsentRound()) {
        startRound(nowTicks, effects); // the reads that arrived while the rounds were out
      }
    }
    answerReady(effects);
  }

  /** Starts a new round, covering every read, when reads waited a resend interval. */
  void onTick(long nowTicks, Effects effects) {
    this.nowTicks = nowTicks;
    follow(effects);
    if (waiting.isEmpty()) {
      return;
    }
    if (nowTicks - rounds.sentTicks() >= config.resendTicks() && needsRound()) {
      // No majority in time, or one of the newest view only while a read needs an older view's.
      observer.mark("reads.round-resent");
      startRound(nowTicks, effects);
    }
    answerReady(effects);
  }

  /** The replica executed more slots: answers the reads that waited for them. */
  void executed(Effects effects) {
    if (!waiting.isEmpty()) {
      follow(effects);
      answerReady(effects);
    }
  }

  /**
   * Keeps to the leader's ballot: reads taken under a ballot this replica no longer leads with
   * cannot be confirmed any more, and their clients go to whoever leads now.
   */
  private void follow(Effects effects) {
    if (leader.isActive() && leader.ballot().equals(ballot)) {
      return;
    }
    if (!waiting.isEmpty()) {
      observer.mark("reads.abandoned");
      NodeId hint = leaderHint.get();
      for (PendingRead read : waiting) {
        effects.reply(Leader.notLeader(read.command, hint));
      }
      waiting.clear();
      leaseReads = 0;
    }
    rounds.newBallot();
    ballot = leader.isActive() ? leader.ballot() : Ballot.ZERO;
  }

  /** Whether a read waits for a round not yet sent. */
  private boolean waitsForUnsentRound() {
    if (leaseReads == 0) { // round reads only: their rounds never decrease along the queue
      return !waiting.isEmpty() && waiting.peekLast().round > rounds.sent();
    }
    for (PendingRead read : waiting) {
      if (!read.lease && read.round > rounds.sent()) {
        return true;
      }
    }
    return false;
  }

  /** Whether a read waits for a round (lease reads wait only for their index). */
  private boolean needsRound() {
    return waiting.size() > leaseReads;
  }

  private void startRound(long nowTicks, Effects effects) {
    long round = rounds.start(nowTicks);
    Set<NodeId> acceptors = new TreeSet<>();
    for (View view : governingViews(log.slotExecutedMax())) {
      acceptors.addAll(view.acceptors());
    }
    effects.broadcast(acceptors, new ReadCheck(ballot, round));
  }

  /**
   * The views that may govern a slot chosen next after {@code index}: those of the {@link
   * View#WINDOW} slots after it (no slot beyond them is proposed before these are chosen) and the
   * newest. Known once this replica executed {@code index}; the acceptors asked before are those of
   * the views it knows (a round covers those of a later view when resent).
   */
  private Set<View> governingViews(long index) {
    Set<View> governing = new LinkedHashSet<>();
    for (long slot = index + 1; slot <= index + View.WINDOW; slot++) {
      governing.add(views.viewAt(slot));
    }
    governing.add(views.latest());
    return governing;
  }

  /** Answers every read whose round is confirmed and whose index is executed. */
  private void answerReady(Effects effects) {
    Iterator<PendingRead> reads = waiting.iterator();
    while (reads.hasNext()) {
      PendingRead read = reads.next();
      if (!read.lease && read.round > rounds.confirmed() && !skipConfirm) {
        if (leaseReads == 0) {
          break; // rounds never decrease along the queue: the rest wait too
        }
        continue; // a lease read further on may be ready
      }
      Readiness readiness = readiness(read);
      if (readiness == Readiness.WAIT) {
        continue;
      }
      reads.remove();
      if (read.lease) {
        leaseReads--;
      }
      Response response = readiness == Readiness.READY ? runner.run(read.command) : null;
      if (response == null) {
        observer.mark("reads.to-log");
        runner.toLog(read.command, effects);
        continue;
      }
      observer.mark("reads.answered");
      ClientCommand command = read.command;
      effects.reply(
          new ClientReply(
              command.clientId(),
              command.seq(),
              response.outcome(),
              response.payload(),
              null,
              log.slotExecutedMax()));
    }
    if (roundWanted) {
      roundWanted = false;
      startRound(nowTicks, effects);
    }
  }

  private enum Readiness {
    WAIT,
    READY,
    TO_LOG
  }

  /**
   * A lease read's lease checked against the views governing the slots after {@code index}: told to
   * the observer if this replica executed the index (the views are then known), else left to be
   * checked again once it has (simulator seed 1796687716294718 --named: a leader restarted empty,
   * knowing only the genesis view, took a lease on that view's removed acceptor for an index whose
   * slots decided the acceptors that govern after it).
   */
  private void leaseChecked(PendingRead read, long index, Set<View> views) {
    read.leaseUnchecked = index > log.slotExecutedMax();
    if (!read.leaseUnchecked) {
      observer.onLeaseRead(leader.self(), ballot, index, views);
    }
  }

  /**
   * Whether a lease read's lease holds for the views governing the slots after its (new or now
   * executed) index; if not, it waits for a round after all.
   */
  private boolean leaseStillHolds(PendingRead read) {
    Set<View> views = governingViews(read.index);
    if (lease.holds(views, ballot, nowTicks)) {
      leaseChecked(read, read.index, views);
      return true;
    }
    read.lease = false;
    read.leaseUnchecked = false;
    leaseReads--;
    read.round = rounds.sent() + 1;
    roundWanted = true;
    observer.mark("reads.lease-to-round");
    return false;
  }

  /**
   * Whether {@code read} may be answered now: its index executed and not grown (a promise that
   * arrived since may have reported a later chosen slot), and for every view governing the slots
   * after it, a majority confirmed its round and a majority promised this ballot. Without the
   * latter (a view this leader has not prepared yet) it goes through the log instead.
   */
  private Readiness readiness(PendingRead read) {
    long index = leader.slotMayBeDecidedMax();
    if (index > read.index) {
      read.index = index;
      observer.mark("reads.index-grew");
      if (read.lease && !leaseStillHolds(read)) {
        return Readiness.WAIT;
      }
    }
    if (read.index > log.slotExecutedMax() && !skipExecution) {
      return Readiness.WAIT;
    }
    if (read.lease && read.leaseUnchecked && !leaseStillHolds(read)) {
      return Readiness.WAIT;
    }
    if (skipConfirm) {
      return Readiness.READY;
    }
    Set<NodeId> confirmers = rounds.confirmers(read.round);
    for (View view : governingViews(read.index)) {
      if (!leader.hasPromiseQuorum(view)) {
        return Readiness.TO_LOG;
      }
      if (!read.lease && !view.isQuorum(confirmers)) {
        return Readiness.WAIT;
      }
    }
    return Readiness.READY;
  }
}
