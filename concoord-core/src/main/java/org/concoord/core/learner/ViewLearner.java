package org.concoord.core.learner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A pure learner of the view: the protocol side of a nameserver (a learner in the instance, as in
 * the original ConCoord). It learns decided batches in slot order, from the leader's {@link
 * Decision}s and from {@link CatchUpReply}s, and applies the {@link Reconfigure} commands in them
 * by the replicas' own rule ({@link ViewHistory#applyDecided}); client calls mean nothing to it. It
 * asks for catch-up when a {@link Heartbeat} shows it behind, and, after a silence, asks a replica
 * of its newest view unprompted (it may not be in the view yet, or the leader may be gone).
 *
 * <p>What it reports: the newest view; that view's epoch, which counts the view changes since the
 * genesis and so is the same on every learner that has learned the same slots (a nameserver's SOA
 * serial); and whether it has caught up with what a leader announced at least once.
 *
 * <p>It keeps no log: it cannot serve catch-up and cannot see a slot decided twice (replicas do). A
 * learner further behind than every replica's retained log is brought forward by {@link #restore}
 * from a snapshot of the views.
 *
 * <p>Two doors: {@link #onMessage} and {@link #onTick}; neither blocks, does I/O or throws for an
 * expected condition. Not thread-safe. Does no I/O. Reads no clock. Driven by the node loop or a
 * test.
 */
public final class ViewLearner {
  private final NodeId self;
  private final LearnerConfig config;
  private ViewHistory views;
  private long slotLearnedMax;

  /** Reconfigurations of decided slots beyond a gap, by slot: the rest of a batch is not kept. */
  private final TreeMap<Long, List<Reconfigure>> ahead = new TreeMap<>();

  /** The highest decided slot a leader's heartbeat announced. */
  private long slotAnnouncedMax;

  private boolean heartbeatHeard;
  private boolean caughtUp;
  private Ballot ballotHeard = Ballot.ZERO;
  private long nowTicks;
  private long heardTicks;
  private long catchUpSentTicks = Long.MIN_VALUE / 2;
  private int peerCursor;
  private NodeId sponsor;

  public ViewLearner(NodeId self, View genesis, LearnerConfig config) {
    this.self = Objects.requireNonNull(self, "self");
    this.views = new ViewHistory(Objects.requireNonNull(genesis, "genesis"));
    this.config = Objects.requireNonNull(config, "config");
  }

  public NodeId self() {
    return self;
  }

  /** The newest view learned (it may govern only slots not decided yet). */
  public View view() {
    return views.latest();
  }

  /** Increases on every view change: the newest view's epoch. */
  public long serial() {
    return views.latest().epoch();
  }

  /** Every slot up to this one has been learned. */
  public long slotLearnedMax() {
    return slotLearnedMax;
  }

  /**
   * Whether this learner has once learned every slot a leader's heartbeat announced. Until then its
   * view may be far behind (a nameserver answers SERVFAIL rather than serve it).
   */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /** The highest ballot heard in a heartbeat ({@link Ballot#ZERO} if none). */
  public Ballot ballotHeard() {
    return ballotHeard;
  }

  /** The leader of {@link #ballotHeard}, or null if no heartbeat was heard. */
  public NodeId leaderHint() {
    return heartbeatHeard ? ballotHeard.leader() : null;
  }

  public String describe() {
    return self
        + "[learner learned="
        + slotLearnedMax
        + " announced="
        + slotAnnouncedMax
        + (caughtUp ? "" : " catching-up")
        + " view="
        + views.latest()
        + "]";
  }

  // ---- door 1: a peer's message ----------------------------------------------------------------

  public void onMessage(NodeId from, Message message, Effects effects) {
    if (!admits(from, message)) {
      return;
    }
    if (message instanceof Decision decision) {
      onDecision(from, decision, effects);
    } else if (message instanceof Heartbeat heartbeat) {
      onHeartbeat(from, heartbeat, effects);
    } else if (message instanceof CatchUpReply reply) {
      onCatchUpReply(from, reply, effects);
    } else if (message instanceof Snapshot snapshot) {
      // The slots asked for are no longer retained: take the views as of the snapshot's slot.
      restore(snapshot.slot(), new ViewHistory(snapshot.views()));
    }
    // Anything else (a JoinReply is the runtime's, a Prepare or a ClientRequest is not for a
    // learner) is ignored.
  }

  /**
   * This learner joined through {@code node}'s reply: it learns from {@code node} as from a replica
   * of its view until its view holds a replica it can reach (its genesis view may name only
   * replicas long gone).
   */
  public void sponsoredBy(NodeId node) {
    sponsor = node;
  }

  /**
   * The door guard: decisions, heartbeats, catch-up answers and snapshots only from a replica of
   * the newest view learned (or the sponsor), and a heartbeat's ballot only from its own leader and
   * within {@link Ballot#ROUND_STEP_MAX} rounds of the highest heard.
   */
  private boolean admits(NodeId from, Message message) {
    boolean fromReplica = views.latest().replicas().contains(from) || from.equals(sponsor);
    if (message instanceof Heartbeat heartbeat) {
      return fromReplica
          && from.equals(heartbeat.ballot().leader())
          && heartbeat.ballot().isWithinReachOf(ballotHeard);
    }
    return fromReplica
        || !(message instanceof Decision
            || message instanceof CatchUpReply
            || message instanceof Snapshot);
  }

  private void onDecision(NodeId from, Decision decision, Effects effects) {
    heardTicks = nowTicks;
    learn(decision.slot(), decision.batch());
    if (decision.slot() > slotLearnedMax + 1) {
      maybeCatchUp(from, effects); // a gap: decisions were lost, or this learner is new
    }
    updateCaughtUp();
  }

  private void onHeartbeat(NodeId from, Heartbeat heartbeat, Effects effects) {
    if (!from.equals(heartbeat.ballot().leader()) || heartbeat.ballot().isBelow(ballotHeard)) {
      return; // a deposed leader that has not noticed yet, or a forwarded claim
    }
    ballotHeard = heartbeat.ballot();
    heardTicks = nowTicks;
    heartbeatHeard = true;
    effects.send(from, new Alive(heartbeat.ballot(), slotLearnedMax)); // for the failure detector
    slotAnnouncedMax = Math.max(slotAnnouncedMax, heartbeat.slotDecidedMax());
    if (heartbeat.slotDecidedMax() > slotLearnedMax) {
      maybeCatchUp(from, effects);
    }
    updateCaughtUp();
  }

  private void onCatchUpReply(NodeId from, CatchUpReply reply, Effects effects) {
    long before = slotLearnedMax;
    long slot = reply.fromSlot();
    for (Batch batch : reply.batches()) {
      learn(slot++, batch);
    }
    catchUpSentTicks = Long.MIN_VALUE / 2;
    if (slotLearnedMax > before && slotLearnedMax < slotAnnouncedMax) {
      maybeCatchUp(from, effects); // progress, and more to fetch: ask for the next run at once
    }
    updateCaughtUp();
  }

  // ---- door 2: time ----------------------------------------------------------------------------

  public void onTick(Effects effects) {
    nowTicks++;
    if (nowTicks - heardTicks < config.silenceTicks()
        || nowTicks - catchUpSentTicks < config.silenceTicks()) {
      return;
    }
    List<NodeId> peers = new ArrayList<>(views.latest().replicas());
    peers.remove(self);
    if (!peers.isEmpty()) {
      catchUpSentTicks = nowTicks;
      effects.send(peers.get(peerCursor++ % peers.size()), catchUpRequest());
    }
  }

  // ---- snapshots -------------------------------------------------------------------------------

  /**
   * Moves this learner to {@code slot} with {@code history}, the views as a replica had them after
   * executing that slot: for a learner whose next slot no replica retains any more. Ignored (false)
   * if this learner is at {@code slot} or beyond already.
   */
  public boolean restore(long slot, ViewHistory history) {
    if (slot <= slotLearnedMax) {
      return false;
    }
    views = new ViewHistory(history.entries());
    slotLearnedMax = slot;
    ahead.headMap(slot, true).clear();
    drainAhead();
    updateCaughtUp();
    return true;
  }

  // ---- learning --------------------------------------------------------------------------------

  private void learn(long slot, Batch batch) {
    if (slot <= slotLearnedMax) {
      return; // learned already (a duplicate, or an overlap of catch-up and decisions)
    }
    if (slot == slotLearnedMax + 1) {
      apply(slot, reconfigurations(batch));
      drainAhead();
    } else if (slot - slotLearnedMax <= config.aheadSlotsMax()) {
      ahead.putIfAbsent(slot, reconfigurations(batch));
    }
  }

  private void drainAhead() {
    for (Map.Entry<Long, List<Reconfigure>> next = ahead.firstEntry();
        next != null && next.getKey() == slotLearnedMax + 1;
        next = ahead.firstEntry()) {
      ahead.pollFirstEntry();
      apply(next.getKey(), next.getValue());
    }
  }

  private void apply(long slot, List<Reconfigure> changes) {
    for (Reconfigure change : changes) {
      views.applyDecided(slot, change);
    }
    slotLearnedMax = slot;
    views.forgetBelow(slot + 1);
  }

  private void updateCaughtUp() {
    if (heartbeatHeard && slotLearnedMax >= slotAnnouncedMax) {
      caughtUp = true;
    }
  }

  private void maybeCatchUp(NodeId target, Effects effects) {
    if (nowTicks - catchUpSentTicks < config.catchUpResendTicks() || target.equals(self)) {
      return;
    }
    catchUpSentTicks = nowTicks;
    effects.send(target, catchUpRequest());
  }

  private CatchUpRequest catchUpRequest() {
    return new CatchUpRequest(slotLearnedMax + 1);
  }

  private static List<Reconfigure> reconfigurations(Batch batch) {
    List<Reconfigure> changes = List.of();
    for (Command command : batch.commands()) {
      if (command instanceof Reconfigure change) {
        if (changes.isEmpty()) {
          changes = new ArrayList<>();
        }
        changes.add(change);
      }
    }
    return changes;
  }
}
