package org.concoord.core.replica;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.concoord.core.Ballot;
import org.concoord.core.Invariants;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Promise;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A replica's leader duties: phase 1 over every open slot (PMMC's scout), phase 2 pipelined over at
 * most {@link View#WINDOW} slots and batched (PMMC's commanders), decisions to every learner.
 *
 * <p>Safety rests on three rules kept here and in its parts. Recovery keeps the highest-ballot
 * pvalue per slot from the promises ({@link LeaderPromises}). A slot is proposed only once a
 * majority of the acceptors of the view governing that slot has promised this ballot (and so
 * reported its pvalues). A quorum of Accepted counts distinct acceptors of that view ({@link
 * LeaderProposals}). Slot s is proposed only after slot s - WINDOW executed, so the view governing
 * s is known. The queue of commands ({@link LeaderQueue}), the batches' stamps ({@link
 * LeaderStamps}) and the heartbeats ({@link LeaderHeartbeats}) are parts of their own.
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
  /** How far a new batch's stamp may run ahead of the executed clock ({@link LeaderStamps}). */
  static final long STAMP_AHEAD_TICKS_MAX = LeaderStamps.AHEAD_TICKS_MAX;

  /** Bytes of a batch that add one tick to its resend interval ({@link LeaderProposals}). */
  static final long RESEND_BYTES_PER_TICK = LeaderProposals.RESEND_BYTES_PER_TICK;

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
  private long nextSlot;
  private final LeaderPromises promises;
  private final LeaderProposals proposals;
  private final LeaderQueue queue;
  private final LeaderStamps stamps;
  private final LeaderHeartbeats heartbeats;

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
    this.promises = new LeaderPromises(views, log, observer);
    this.proposals = new LeaderProposals(self, config, mutations, observer, views);
    this.queue = new LeaderQueue(config, observer);
    this.stamps = new LeaderStamps(mutations);
    this.heartbeats = new LeaderHeartbeats(self, config, views, log);
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
    return Math.max(promises.recoveredSlotMax(), log.slotDecidedMax());
  }

  /** Whether a majority of {@code view}'s acceptors promised this leader's ballot. */
  boolean hasPromiseQuorum(View view) {
    return promises.isQuorum(view);
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
    nextSlot = 0; // nothing is proposed under the new ballot yet: every promise may recover
    observer.mark("leader.campaign");
    sendPrepares(effects);
  }

  void onPromise(NodeId from, Promise promise, Effects effects) {
    if (phase == Phase.FOLLOWER || !promise.ballot().equals(ballot)) {
      return; // an answer to an older campaign
    }
    if (!promises.receive(from, promise, nextSlot)) {
      return; // a duplicate, or more parts follow
    }
    if (phase == Phase.PREPARING && promises.isQuorum(views.viewAt(firstOpenSlot()))) {
      becomeActive(effects);
    } else if (phase == Phase.ACTIVE) {
      proposeDue = true; // the promise may cover a new view's slots
    }
  }

  private void becomeActive(Effects effects) {
    phase = Phase.ACTIVE;
    nextSlot = firstOpenSlot();
    promises.dropBelow(nextSlot);
    stamps.start(clockTicks.getAsLong(), promises.recovered(), log, nowTicks);
    if (!promises.recovered().isEmpty()) {
      observer.mark("leader.recovered-pvalues");
    }
    observer.mark("leader.active");
    heartbeats.send(ballot, nowTicks, effects);
    proposeDue = true;
  }

  /**
   * Counts an Accepted; returns the decision it completes (sent to the other learners already), or
   * null. The replica learns and executes it, then lets {@link Truncation} look.
   */
  Decision onAccepted(NodeId from, Accepted accepted, Effects effects) {
    if (phase != Phase.ACTIVE || !accepted.ballot().equals(ballot)) {
      return null;
    }
    InFlight slot = proposals.accept(from, accepted);
    if (slot == null) {
      return null;
    }
    proposeDue = true; // a window slot and budget bytes freed
    return proposals.decide(accepted.slot(), slot.pvalue.batch(), effects);
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
    return proposals.proposedTicks(slot);
  }

  /** Whether a proposal waits for its Accepted: the acceptors owe this leader an answer. */
  boolean awaitsAccepted() {
    return !proposals.isEmpty();
  }

  private void abandon(NodeId hint, Effects effects) {
    phase = Phase.FOLLOWER;
    queue.refuseAll(hint, effects);
    clearProposals();
  }

  private void clearProposals() {
    proposals.clear(queue); // their clients' retries may be queued again
    promises.clear();
  }

  /**
   * Queues a command for proposal; returns false (and the caller refuses it, saying {@link
   * #overload()}) when the queue is full by count, or by bytes queued and in flight.
   */
  boolean offer(Command command) {
    return queue.offer(command, proposals.bytes());
  }

  /** Whether {@code call} is queued or being decided here (a retry of it will run anyway). */
  boolean isQueued(ClientCommand call) {
    return queue.isQueued(call);
  }

  /** Why {@link #offer} refuses, for the client. */
  String overload() {
    return queue.overload(proposals.bytes());
  }

  /** (clientId, seq) went through execution: a retry of it may be queued again. */
  void executed(long clientId, long seq) {
    queue.executed(clientId, seq);
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
        promises.forget(slot);
        nextSlot++;
        continue;
      }
      View view = views.viewAt(slot);
      if (!promises.isQuorum(view)) {
        // A view change brought acceptors that have not promised this ballot yet.
        promises.awaitNewView(ballot, firstOpenSlot(), nowTicks, effects);
        return;
      }
      promises.newViewPromised();
      Batch batch = promises.recoveredBatch(slot, skipRecovery);
      if (batch == null) {
        batch = newBatch(slot, view);
      }
      if (batch == null) {
        return;
      }
      propose(slot, batch, effects);
      nextSlot++;
    }
  }

  /**
   * A batch for {@code slot}, for which recovery has none: the queued commands, else a no-op up to
   * the highest slot phase 1 reported or while a view change waits; null if none is needed yet.
   */
  private Batch newBatch(long slot, View view) {
    if (!queue.isEmpty()) {
      return takeBatch();
    } else if (slot <= promises.recoveredSlotMax()) {
      return Batch.NOOP;
    } else if (views.latest() != view) {
      // A decided view change takes effect WINDOW slots later: fill them with no-ops so that
      // it does now rather than whenever enough client traffic arrives (the original's rule).
      observer.mark("leader.view-change-noop");
      return Batch.NOOP;
    }
    return null;
  }

  /** The next batch: at most batchMax commands and batchBytesMax bytes, but never empty. */
  private Batch takeBatch() {
    List<Command> commands = queue.take();
    return new Batch(stamps.next(clockTicks.getAsLong(), nowTicks), commands);
  }

  private void propose(long slot, Batch batch, Effects effects) {
    Invariants.proposedWithinWindow(self, slot, log.slotExecutedMax());
    proposals.send(new PValue(ballot, slot, batch), nowTicks, effects);
  }

  /**
   * Heartbeats, and resends of what got no answer in time. Returns true when this leader needs a
   * new ballot: it has waited too long for the acceptors of a new view to promise (an acceptor
   * refuses a ballot it already promised, so a lost Promise can only be made up by a new ballot).
   */
  boolean onTick(Effects effects) {
    boolean resend = promises.resendDue(nowTicks, config.resendTicks());
    if (phase == Phase.PREPARING && resend) {
      sendPrepares(effects);
    }
    if (phase != Phase.ACTIVE) {
      return false;
    }
    if (promises.newViewAwaitedTooLong(nowTicks, config.resendTicks())) {
      return true;
    }
    if (promises.awaitsNewView() && resend) {
      sendPrepares(effects);
    }
    if (heartbeats.due(nowTicks)) {
      heartbeats.send(ballot, nowTicks, effects);
    }
    proposals.resend(nowTicks, effects);
    return false;
  }

  /** A one-line account of the leader state, for status output and failure reports. */
  String describe() {
    return String.format(
        "%s %s next=%s inFlight=%s pending=%s promisedBy=%s",
        phase, ballot, nextSlot, proposals.slots(), queue.size(), promises);
  }

  /** Prepare to every acceptor of the views in the window that has not promised yet. */
  private void sendPrepares(Effects effects) {
    promises.sendPrepares(ballot, firstOpenSlot(), nowTicks, effects);
  }

  private long firstOpenSlot() {
    return log.slotExecutedMax() + 1;
  }

  static ClientReply notLeader(ClientCommand call, NodeId hint) {
    return new ClientReply(
        call.clientId(), call.seq(), Outcome.NOT_LEADER, ValueCodec.encode("not the leader"), hint);
  }
}
