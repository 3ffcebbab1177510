package org.concoord.core.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.concoord.core.Ballot;
import org.concoord.core.Invariants;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A replica's leader duties: phase 1 over every open slot (PMMC's scout), phase 2 pipelined over at
 * most {@link View#WINDOW} slots and batched (PMMC's commanders), decisions to every learner.
 *
 * <p>Safety rests on three rules kept here. Recovery keeps the highest-ballot pvalue per slot from
 * the promises. A slot is proposed only once a majority of the acceptors of the view governing that
 * slot has promised this ballot (and so reported its pvalues). A quorum of Accepted counts distinct
 * acceptors of that view. Slot s is proposed only after slot s - WINDOW executed, so the view
 * governing s is known.
 *
 * <p>Returns what it decides ({@link #onAccepted}) rather than learning it: the replica owns the
 * log and execution. Proposes in one pass per step: its handlers and the replica only mark a pass
 * due, and the replica ends each step with {@link #proposeIfDue}. Time comes once per step: the
 * replica hands in its ticks when they move ({@link #now}), and the replicated clock is read
 * through one supplier.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class Leader {
  /**
   * How far a new batch's stamp may run ahead of the executed clock (1 s at 10 ms a tick): more
   * than a healthy pipeline's latency, far less than a client session's expiry.
   */
  static final long STAMP_AHEAD_TICKS_MAX = 100;

  /**
   * Bytes of a batch that add one tick to its resend interval (64 KiB a tick, 6.4 MB/s at 10 ms a
   * tick: what a loaded acceptor is assumed to receive, sync and acknowledge at the least). Batches
   * of ordinary commands stay under it and keep the plain interval.
   */
  static final long RESEND_BYTES_PER_TICK = 64 << 10;

  enum Phase {
    FOLLOWER,
    PREPARING,
    ACTIVE
  }

  private final NodeId self;
  private final ReplicaConfig config;
  private final Set<Mutation> mutations;
  private final Observer observer;
  private final ViewHistory views;
  private final DecisionLog log;

  /** The replicated clock: the highest leader stamp executed. */
  private final LongSupplier clockTicks;

  /** Holds proposals back while an older leader's read lease may hold ({@link LeaderLease}). */
  private final LeaderLease lease;

  private long nowTicks;

  /** A proposal may have become possible this step: the replica's step ends with one pass. */
  private boolean proposeDue;

  private Phase phase = Phase.FOLLOWER;
  private Ballot ballot = Ballot.ZERO;
  private final Set<NodeId> promisedBy = new HashSet<>();
  private final Map<Long, PValue> recovered = new HashMap<>();
  private long recoveredSlotMax;
  private long nextSlot;
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private final ArrayDeque<Command> pending = new ArrayDeque<>();
  private final Set<RequestKey> queuedKeys = new HashSet<>();

  /** Encoded bytes of the commands queued, and of the batches proposed and not yet decided. */
  private long pendingBytes;

  private long inFlightBytes;
  private long prepareSentTicks;
  private long heartbeatSentTicks;
  private long stampOffsetTicks;
  private long blockedSinceTicks = -1;

  Leader(
      NodeId self,
      ReplicaConfig config,
      Set<Mutation> mutations,
      Observer observer,
      ViewHistory views,
      DecisionLog log,
      LongSupplier clockTicks,
      LeaderLease lease) {
    this.lease = lease;
    this.self = self;
    this.config = config;
    this.mutations = mutations;
    this.observer = observer;
    this.views = views;
    this.log = log;
    this.clockTicks = clockTicks;
  }

  Phase phase() {
    return phase;
  }

  Ballot ballot() {
    return ballot;
  }

  NodeId self() {
    return self;
  }

  boolean isActive() {
    return phase == Phase.ACTIVE;
  }

  /**
   * The highest slot that may have been chosen as far as this active leader can tell: what it knows
   * decided (every slot chosen under its own ballot, since it decides those itself), and what phase
   * 1 reported accepted (a value chosen under an earlier ballot is among those). What it proposed
   * and is not yet decided was answered to nobody. A read index ({@link ReadIndex}) starts here.
   */
  long slotMayBeDecidedMax() {
    return Math.max(recoveredSlotMax, log.slotDecidedMax());
  }

  /** Whether a majority of {@code view}'s acceptors promised this leader's ballot. */
  boolean hasPromiseQuorum(View view) {
    return view.isQuorum(promisedBy);
  }

  /** This step's time, this node's ticks: the replica hands it in when its ticks move. */
  void now(long nowTicks) {
    this.nowTicks = nowTicks;
  }

  /** Starts phase 1 with {@code newBallot} over every slot not yet executed here. */
  void campaign(Ballot newBallot, Effects effects) {
    Invariants.ballotRises(self, ballot, newBallot);
    clearProposals();
    phase = Phase.PREPARING;
    ballot = newBallot;
    blockedSinceTicks = -1;
    nextSlot = 0; // nothing is proposed under the new ballot yet: every promise may recover
    observer.mark("leader.campaign");
    sendPrepares(effects);
  }

  void onPromise(NodeId from, Promise promise, Effects effects) {
    if (phase == Phase.FOLLOWER || !promise.ballot().equals(ballot)) {
      return; // an answer to an older campaign
    }
    if (promisedBy.contains(from)) {
      return;
    }
    for (PValue pvalue : promise.accepted()) {
      mergeRecovered(pvalue);
    }
    if (promise.more()) {
      return; // more parts follow: the acceptor counts once all its pvalues are known
    }
    promisedBy.add(from);
    if (phase == Phase.PREPARING && views.viewAt(firstOpenSlot()).isQuorum(promisedBy)) {
      becomeActive(effects);
    } else if (phase == Phase.ACTIVE) {
      proposeDue = true; // the promise may cover a new view's slots
    }
  }

  private void mergeRecovered(PValue pvalue) {
    long slot = pvalue.slot();
    if (slot < nextSlot || log.isDecided(slot)) {
      return; // already proposed by this ballot, or known chosen: the promise adds nothing
    }
    PValue known = recovered.get(slot);
    if (known == null || pvalue.ballot().isAbove(known.ballot())) {
      recovered.put(slot, pvalue);
      recoveredSlotMax = Math.max(recoveredSlotMax, slot);
    }
  }

  private void becomeActive(Effects effects) {
    phase = Phase.ACTIVE;
    nextSlot = firstOpenSlot();
    recovered.keySet().removeIf(slot -> slot < nextSlot);
    stampOffsetTicks = stampOffset(clockTicks.getAsLong());
    if (!recovered.isEmpty()) {
      observer.mark("leader.recovered-pvalues");
    }
    observer.mark("leader.active");
    sendHeartbeat(effects);
    proposeDue = true;
  }

  /**
   * The offset from this node's ticks to the replicated clock: the stamps go on from the highest
   * stamp this leader knows of (executed, recovered, or decided and waiting to execute), at this
   * node's pace. Negative when this node's ticks run ahead of the clock, as they do when the
   * previous leader lost ticks (paused, overloaded) or the instance was unavailable for a while:
   * the replicated clock measures the instance's time, and a failover must not make it jump by the
   * difference between two nodes' tick counts, which would expire the sessions of clients that kept
   * calling all along.
   */
  private long stampOffset(long clockTicks) {
    long known = clockTicks;
    for (PValue pvalue : recovered.values()) {
      known = Math.max(known, pvalue.batch().stampTicks());
    }
    for (long slot = firstOpenSlot(); slot < firstOpenSlot() + View.WINDOW; slot++) {
      Batch decided = log.get(slot);
      if (decided != null) {
        known = Math.max(known, decided.stampTicks());
      }
    }
    long offset = known - nowTicks;
    return mutations.contains(Mutation.CLOCK_FROM_OWN_TICKS) ? Math.max(0, offset) : offset;
  }

  /**
   * Counts an Accepted; returns the decision it completes (sent to the other learners already), or
   * null. The replica learns and executes it, then lets {@link Truncation} look.
   */
  Decision onAccepted(NodeId from, Accepted accepted, Effects effects) {
    if (phase != Phase.ACTIVE || !accepted.ballot().equals(ballot)) {
      return null;
    }
    InFlight slot = inFlight.get(accepted.slot());
    if (slot == null) {
      return null; // decided already: a late or duplicate Accepted
    }
    View view = views.viewAt(accepted.slot());
    if (!view.acceptors().contains(from)) {
      return null;
    }
    if (!slot.accept(from)) {
      observer.mark("leader.duplicate-accepted");
    }
    boolean quorum =
        mutations.contains(Mutation.COUNT_DUPLICATE_ACCEPTS)
            ? slot.acceptedMessages >= view.quorumSize()
            : view.isQuorum(slot.acceptedBy);
    if (!quorum) {
      return null;
    }
    if (!mutations.contains(Mutation.COUNT_DUPLICATE_ACCEPTS)) {
      Invariants.quorumInsideView(
          self, accepted.slot(), views.viewAt(accepted.slot()), slot.acceptedBy);
    }
    inFlight.remove(accepted.slot());
    inFlightBytes -= slot.bytes;
    proposeDue = true; // a window slot and budget bytes freed
    return decide(accepted.slot(), slot.pvalue.batch(), effects);
  }

  private Decision decide(long slot, Batch batch, Effects effects) {
    Decision decision = new Decision(slot, batch);
    for (NodeId learnerNode : learnersFor(slot)) {
      if (!learnerNode.equals(self)) {
        effects.send(learnerNode, decision);
      }
    }
    return decision;
  }

  private Set<NodeId> learnersFor(long slot) {
    View latest = views.latest();
    View governing = views.viewAt(slot);
    if (latest == governing) {
      return latest.learners();
    }
    Set<NodeId> all = new TreeSet<>(latest.learners());
    all.addAll(governing.learners());
    return all;
  }

  /** Another ballot is higher: stop leading, and send queued clients to the new leader. */
  void stepDown(Ballot higher, Effects effects) {
    if (phase == Phase.FOLLOWER) {
      return;
    }
    observer.mark(phase == Phase.ACTIVE ? "leader.preempted-active" : "leader.preempted-preparing");
    abandon(higher.leader(), effects);
  }

  /**
   * This replica is no longer in the newest view (it executed its own removal): it stops leading so
   * that a member takes over; queued clients get no hint, since it knows no leader yet.
   */
  void resign(Effects effects) {
    if (phase == Phase.FOLLOWER) {
      return;
    }
    observer.mark("leader.resigned-removed");
    abandon(null, effects);
  }

  /**
   * Check-quorum ({@link QuorumCheck}): no majority of the acceptors answered for two election
   * timeouts, so this leader may be cut off from them; it stops, and queued clients get no hint.
   */
  void quorumLost(Effects effects) {
    if (phase != Phase.ACTIVE) {
      return;
    }
    observer.mark("leader.quorum-lost");
    abandon(null, effects);
  }

  /** When {@code slot}'s proposal was first sent, or -1 if none is in flight (for the lease). */
  long proposedTicks(long slot) {
    InFlight sent = inFlight.get(slot);
    return sent == null ? -1 : sent.firstSentTicks;
  }

  /** Whether a proposal waits for its Accepted: the acceptors owe this leader an answer. */
  boolean awaitsAccepted() {
    return !inFlight.isEmpty();
  }

  private void abandon(NodeId hint, Effects effects) {
    phase = Phase.FOLLOWER;
    for (Command command : pending) {
      if (command instanceof ClientCommand call) {
        effects.reply(notLeader(call, hint));
      }
    }
    pending.clear();
    pendingBytes = 0;
    queuedKeys.clear();
    clearProposals();
  }

  private void clearProposals() {
    // Commands of abandoned proposals may be queued again when their clients retry (they may
    // also still be chosen through recovery: the reply cache keeps that at most once).
    for (InFlight slot : inFlight.values()) {
      for (Command command : slot.pvalue.batch().commands()) {
        if (command instanceof ClientCommand call) {
          queuedKeys.remove(new RequestKey(call.clientId(), call.seq()));
        }
      }
    }
    inFlight.clear();
    inFlightBytes = 0;
    recovered.clear();
    promisedBy.clear();
    recoveredSlotMax = 0;
  }

  /**
   * Queues a command for proposal; returns false (and the caller refuses it, saying {@link
   * #overload()}) when the queue is full by count, or by bytes queued and in flight.
   */
  boolean offer(Command command) {
    if (pending.size() >= config.pendingMax()) {
      return false;
    }
    int bytes = WireSizes.command(command);
    long held = pendingBytes + inFlightBytes;
    if (held > 0 && held + bytes > config.budgets().leaderBytesMax()) {
      observer.mark("leader.overloaded-bytes");
      return false; // one command alone is always taken: it fits a Propose (checked before)
    }
    if (command instanceof ClientCommand call
        && !queuedKeys.add(new RequestKey(call.clientId(), call.seq()))) {
      observer.mark("leader.request-already-queued");
      return true;
    }
    pending.add(command);
    pendingBytes += bytes;
    return true;
  }

  /** Whether {@code call} is queued or being decided here (a retry of it will run anyway). */
  boolean isQueued(ClientCommand call) {
    return !queuedKeys.isEmpty()
        && queuedKeys.contains(new RequestKey(call.clientId(), call.seq()));
  }

  /** Why {@link #offer} refuses, for the client. */
  String overload() {
    return "overloaded: the leader holds "
        + pending.size()
        + " queued requests (limit "
        + config.pendingMax()
        + ") and "
        + (pendingBytes + inFlightBytes)
        + " bytes of requests queued or being decided (limit "
        + config.budgets().leaderBytesMax()
        + " bytes); retry later";
  }

  /** (clientId, seq) went through execution: a retry of it may be queued again. */
  void executed(long clientId, long seq) {
    if (!queuedKeys.isEmpty()) {
      queuedKeys.remove(new RequestKey(clientId, seq));
    }
  }

  /** A proposal may have become possible (a command queued, a slot executed, a fence lifted). */
  void proposeDue() {
    proposeDue = true;
  }

  /** The step's one propose pass, if anything this step marked one due. */
  void proposeIfDue(Effects effects) {
    if (proposeDue) {
      proposeDue = false;
      maybePropose(effects);
    }
  }

  /** Proposes as many slots as the window, the view's promises and the queue allow. */
  private void maybePropose(Effects effects) {
    if (phase != Phase.ACTIVE || lease.fenced(nowTicks)) {
      return; // fenced: the replica proposes what waited once the fence lifts
    }
    boolean skipRecovery = mutations.contains(Mutation.SKIP_RECOVERY);
    while (nextSlot <= log.slotExecutedMax() + View.WINDOW) {
      long slot = nextSlot;
      if (log.isDecided(slot)) {
        recovered.remove(slot);
        nextSlot++;
        continue;
      }
      View view = views.viewAt(slot);
      if (!view.isQuorum(promisedBy)) {
        // A view change brought acceptors that have not promised this ballot yet.
        if (blockedSinceTicks < 0) {
          blockedSinceTicks = nowTicks;
          observer.mark("leader.prepare-new-view");
          sendPrepares(effects);
        }
        return;
      }
      blockedSinceTicks = -1;
      PValue found = recovered.remove(slot);
      Batch batch;
      if (found != null && !skipRecovery) {
        batch = found.batch();
      } else if (slot < recoveredSlotMax && !skipRecovery) {
        observer.mark("leader.gap-noop");
        batch = Batch.NOOP;
      } else if (!pending.isEmpty()) {
        batch = takeBatch();
      } else if (slot <= recoveredSlotMax) {
        batch = Batch.NOOP;
      } else if (views.latest() != view) {
        // A decided view change takes effect WINDOW slots later: fill them with no-ops so that
        // it does now rather than whenever enough client traffic arrives (the original's rule).
        observer.mark("leader.view-change-noop");
        batch = Batch.NOOP;
      } else {
        return;
      }
      propose(slot, batch, effects);
      nextSlot++;
    }
  }

  /** The next batch: at most batchMax commands and batchBytesMax bytes, but never empty. */
  private Batch takeBatch() {
    int size = Math.min(pending.size(), config.batchMax());
    List<Command> commands = new ArrayList<>(size);
    long bytes = 0;
    long bytesMax = config.budgets().batchBytesMax();
    while (commands.size() < size) {
      int next = WireSizes.command(pending.peek());
      if (!commands.isEmpty() && bytes + next > bytesMax) {
        observer.mark("leader.batch-bytes-bound");
        break;
      }
      commands.add(pending.poll());
      bytes += next;
    }
    pendingBytes -= bytes;
    return new Batch(nextStamp(clockTicks.getAsLong()), commands);
  }

  /**
   * The stamp of a batch proposed now: this node's ticks moved by the offset, never behind the
   * executed clock and never more than {@link #STAMP_AHEAD_TICKS_MAX} ahead of it (within {@link
   * ClockStep}'s bound on any one step). While nothing gets decided (the acceptors cut off, a slow
   * quorum) the executed clock stands still, and so, within that bound, does the next stamp: when
   * decisions flow again the clock goes on from where it stood instead of jumping by the outage,
   * which would expire the sessions of clients that kept calling through it. The offset follows the
   * stamp (the time beyond the bound is not counted), so the clock never jumps back up later.
   */
  private long nextStamp(long clockTicks) {
    long own = nowTicks + stampOffsetTicks;
    if (!mutations.contains(Mutation.CLOCK_FROM_OWN_TICKS)) {
      long ahead =
          clockTicks > Long.MAX_VALUE - STAMP_AHEAD_TICKS_MAX
              ? Long.MAX_VALUE
              : clockTicks + STAMP_AHEAD_TICKS_MAX;
      own = Math.min(own, ahead);
    }
    long stamp = ClockStep.stamp(own, clockTicks);
    stampOffsetTicks = stamp - nowTicks;
    return stamp;
  }

  private void propose(long slot, Batch batch, Effects effects) {
    Invariants.proposedWithinWindow(self, slot, log.slotExecutedMax());
    PValue pvalue = new PValue(ballot, slot, batch);
    InFlight sent = new InFlight(pvalue, nowTicks);
    sent.bytes = WireSizes.batch(batch);
    inFlightBytes += sent.bytes;
    inFlight.put(slot, sent);
    effects.broadcast(views.viewAt(slot).acceptors(), sent.propose);
  }

  /**
   * Heartbeats, and resends of what got no answer in time. Returns true when this leader needs a
   * new ballot: it has waited too long for the acceptors of a new view to promise (an acceptor
   * refuses a ballot it already promised, so a lost Promise can only be made up by a new ballot).
   */
  boolean onTick(Effects effects) {
    boolean resend = nowTicks - prepareSentTicks >= config.resendTicks();
    if (phase == Phase.PREPARING && resend) {
      sendPrepares(effects);
    }
    if (phase != Phase.ACTIVE) {
      return false;
    }
    if (blockedSinceTicks >= 0) {
      if (nowTicks - blockedSinceTicks >= 3L * config.resendTicks()) {
        observer.mark("leader.new-view-recampaign");
        return true;
      }
      if (resend) {
        sendPrepares(effects);
      }
    }
    if (nowTicks - heartbeatSentTicks >= config.heartbeatTicks()) {
      sendHeartbeat(effects);
    }
    for (InFlight slot : inFlight.values()) {
      if (nowTicks - slot.sentTicks >= resendTicks(slot)) {
        observer.mark("leader.propose-resent");
        slot.sentTicks = nowTicks;
        for (NodeId acceptor : views.viewAt(slot.pvalue.slot()).acceptors()) {
          if (!slot.acceptedBy.contains(acceptor)) {
            effects.send(acceptor, slot.propose); // the same message: encoded once by the runtime
          }
        }
      }
    }
    return false;
  }

  /**
   * How long a proposal waits for its Accepted before it is sent again: the resend interval, plus a
   * tick per {@link #RESEND_BYTES_PER_TICK} of its batch. An acceptor writes, syncs and answers a
   * 15 MiB batch in seconds on a loaded machine; resending it every 200 ms made the leader encode
   * and queue a copy per acceptor per interval, and run out of heap.
   */
  private long resendTicks(InFlight slot) {
    return config.resendTicks() + slot.bytes / RESEND_BYTES_PER_TICK;
  }

  /** A one-line account of the leader state, for status output and failure reports. */
  String describe() {
    return phase
        + " "
        + ballot
        + " next="
        + nextSlot
        + " inFlight="
        + inFlight.keySet()
        + " pending="
        + pending.size()
        + " promisedBy="
        + promisedBy;
  }

  private void sendHeartbeat(Effects effects) {
    heartbeatSentTicks = nowTicks;
    Heartbeat heartbeat = new Heartbeat(ballot, log.slotExecutedMax());
    for (NodeId learnerNode : views.latest().learners()) {
      if (!learnerNode.equals(self)) {
        effects.send(learnerNode, heartbeat);
      }
    }
    if (config.removeAfterTicks() > 0) { // acceptors answer only for the failure detector
      effects.broadcast(views.latest().acceptors(), heartbeat);
    }
  }

  /** Prepare to every acceptor of the views in the window that has not promised yet. */
  private void sendPrepares(Effects effects) {
    prepareSentTicks = nowTicks;
    long from = firstOpenSlot();
    Set<NodeId> targets = new TreeSet<>();
    for (long slot = from; slot < from + View.WINDOW; slot++) {
      targets.addAll(views.viewAt(slot).acceptors());
    }
    targets.removeAll(promisedBy);
    effects.broadcast(targets, new Prepare(ballot, from));
  }

  private long firstOpenSlot() {
    return log.slotExecutedMax() + 1;
  }

  static ClientReply notLeader(ClientCommand call, NodeId hint) {
    return new ClientReply(
        call.clientId(), call.seq(), Outcome.NOT_LEADER, ValueCodec.encode("not the leader"), hint);
  }
}
