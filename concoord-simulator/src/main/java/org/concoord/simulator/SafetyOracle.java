package org.concoord.simulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.message.Propose;
import org.concoord.core.view.View;

/**
 * Safety, checked as events happen, apart from the system under test: one value per decided slot;
 * every replica's executed log is a prefix of the chosen sequence and only grows; an acceptor never
 * reveals a promise lower than one it revealed before, not even across a crash; never accepts below
 * a ballot it has promised; nothing the forger ({@link SimForger}) made up is ever learned as
 * decided (so never executed either); no read is taken under a lease that a higher ballot's
 * proposal already broke ({@link LeaseOracle}); and no node enters a view but by asking to join
 * (every decided addition was queued by a leader's join desk for a node's own request). The first
 * violation is kept; the simulation stops on it.
 */
final class SafetyOracle implements Observer {
  private final Map<Long, Batch> chosen = new HashMap<>();
  private final Map<NodeId, Long> executedMax = new HashMap<>();
  private final Map<NodeId, Ballot> revealedPromise = new HashMap<>();
  private final Map<String, Long> marks = new TreeMap<>();
  private String violation;
  long decisionsSeen;

  /**
   * How far the replicated clock may run ahead of simulated time since it last moved: a leader
   * stamps at most 100 ticks ahead of the clock it executed ({@code Leader.STAMP_AHEAD_TICKS_MAX}),
   * plus slack for a batch executed a few ticks after it was stamped.
   */
  static final long CLOCK_JUMP_BOUND_TICKS = 150;

  private LongSupplier now;
  private SessionOracle sessions;
  private LongSupplier sessionsNow;
  private long clockMax;
  private long clockMaxAtTicks;
  private final LeaseOracle leases = new LeaseOracle();
  private LongSupplier leaseNow;

  /** The additions a join desk queued: the only ones a decided slot may carry. */
  private final Set<Reconfigure> joinsQueued = new HashSet<>();

  String violation() {
    return violation;
  }

  Map<String, Long> marks() {
    return marks;
  }

  Batch chosen(long slot) {
    return chosen.get(slot);
  }

  int chosenCount() {
    return chosen.size();
  }

  void fail(String why) {
    if (violation == null) {
      violation = why;
    }
  }

  @Override
  public void onDecided(NodeId node, long slot, Batch batch) {
    decisionsSeen++;
    if (SimForger.isForged(batch)) {
      fail(node + " learned a forged batch as decided for slot " + slot + ": " + batch);
    }
    Batch known = chosen.putIfAbsent(slot, batch);
    if (known == null) {
      checkAdditions(slot, batch);
    }
    if (known != null && !known.equals(batch)) {
      fail(
          "two values decided for slot "
              + slot
              + " (seen at "
              + node
              + "): "
              + known
              + " vs "
              + batch);
    }
  }

  @Override
  public void onJoinQueued(NodeId node, Reconfigure change) {
    joinsQueued.add(change);
  }

  /**
   * Every addition in a newly chosen slot came through a join desk: a node asked, a member queued
   * it at the leader. An addition submitted to the leader directly (the simulator's way before
   * issue 15) fails here, whichever node it adds.
   */
  private void checkAdditions(long slot, Batch batch) {
    for (Command command : batch.commands()) {
      if (command instanceof Reconfigure change && change.add()) {
        if (joinsQueued.contains(change)) {
          mark("sim.join-decided." + change.role().name().toLowerCase(java.util.Locale.ROOT));
        } else if (!SimForger.isForged(batch)) {
          fail(
              "slot "
                  + slot
                  + " adds "
                  + change.node()
                  + " as "
                  + change.role()
                  + ", which no"
                  + " join desk queued: a node entered the view without asking to join");
        }
      }
    }
  }

  /**
   * A snapshot replaced {@code node}'s state: it now stands at {@code slot}, which must have been
   * chosen, like every slot before it, and must not take it backwards.
   */
  @Override
  public void onRestored(NodeId node, long slot, int objectBytes, int sessions) {
    long previous = executedMax.getOrDefault(node, 0L);
    if (slot <= previous) {
      fail(node + " restored a snapshot of slot " + slot + " after executing slot " + previous);
    }
    for (long s = previous + 1; s <= slot; s++) {
      if (!chosen.containsKey(s)) {
        fail(
            node + " restored a snapshot of slot " + slot + " but slot " + s + " was never chosen");
        return;
      }
    }
    executedMax.put(node, slot);
  }

  /** No replica may diverge: the objects are deterministic, so a divergence is a bug. */
  @Override
  public void onDiverged(NodeId node, long slot, String detail) {
    fail("divergence: " + node + " " + detail);
  }

  /** A diverged replica took a majority replica's state as of {@code slot}: it starts there. */
  @Override
  public void onResynced(NodeId node, long slot) {
    for (long s = 1; s <= slot; s++) {
      if (!chosen.containsKey(s)) {
        fail(
            node
                + " resynced to a snapshot of slot "
                + slot
                + " but slot "
                + s
                + " was never chosen");
        return;
      }
    }
    executedMax.put(node, slot);
  }

  @Override
  public void onExecuted(NodeId node, long slot, Batch batch) {
    long previous = executedMax.getOrDefault(node, 0L);
    if (slot != previous + 1) {
      fail(node + " executed slot " + slot + " after slot " + previous + " (out of order)");
    }
    Batch known = chosen.get(slot);
    if (known == null || !known.equals(batch)) {
      fail(node + " executed slot " + slot + " with a value that was not chosen there");
    }
    executedMax.put(node, Math.max(previous, slot));
    checkClockAdvance(node, slot, batch.stampTicks());
    if (sessions != null) {
      sessions.executed(slot, batch, sessionsNow.getAsLong());
    }
  }

  private void checkClockAdvance(NodeId node, long slot, long stampTicks) {
    if (now == null || stampTicks <= clockMax) {
      return;
    }
    long t = now.getAsLong();
    if (clockMax > 0 && stampTicks - clockMax > t - clockMaxAtTicks + CLOCK_JUMP_BOUND_TICKS) {
      fail(
          "the replicated clock jumped from "
              + clockMax
              + " to "
              + stampTicks
              + " at slot "
              + slot
              + " (executed at "
              + node
              + ") while only "
              + (t - clockMaxAtTicks)
              + " ticks passed");
    }
    clockMax = stampTicks;
    clockMaxAtTicks = t;
  }

  @Override
  public void mark(String mark) {
    marks.merge(mark, 1L, Long::sum);
  }

  /**
   * A replica restarted: empty ({@code slot} 0), so that its executed log starts again from slot 1,
   * or from its snapshot of {@code slot}, which must not be ahead of what it executed before.
   */
  void replicaRestarted(NodeId node, long slot) {
    long before = executedMax.getOrDefault(node, 0L);
    if (slot > before) {
      fail(
          node + " restarted from a snapshot of slot " + slot + " but had executed only " + before);
    }
    if (slot == 0) {
      executedMax.remove(node);
    } else {
      executedMax.put(node, slot);
    }
  }

  /**
   * Checks the replicated clock against simulated time: it may stall (the instance was not
   * deciding), but never jump ahead by more than the time that passed since it last moved plus
   * {@link #CLOCK_JUMP_BOUND_TICKS}. A jump expires sessions of clients that kept calling.
   */
  void checkClock(LongSupplier now) {
    this.now = now;
  }

  /** Checks every lease read against the proposals of higher ballots ({@link LeaseOracle}). */
  void checkLeases(LongSupplier now) {
    this.leaseNow = now;
  }

  /** A replica sent {@code propose} to {@code target}. */
  void proposed(Propose propose, NodeId target) {
    if (leaseNow != null) {
      leases.proposed(propose, target, leaseNow.getAsLong());
    }
  }

  @Override
  public void onLeaseRead(NodeId node, Ballot ballot, long index, Set<View> views) {
    if (leaseNow != null) {
      String broken = leases.leaseRead(node, ballot, index, views, leaseNow.getAsLong());
      if (broken != null) {
        fail("lease: " + broken);
      }
    }
  }

  /** Tells {@code sessions} which clients the instance heard, and when. */
  void feedSessions(SessionOracle sessions, LongSupplier now) {
    this.sessions = sessions;
    this.sessionsNow = now;
  }

  /** An acceptor's Promise for {@code ballot} left the node. */
  void promiseRevealed(NodeId acceptor, Ballot ballot) {
    Ballot before = revealedPromise.get(acceptor);
    if (before != null && ballot.isBelow(before)) {
      fail(acceptor + " promised " + ballot + " after having promised " + before);
    }
    if (before == null || ballot.isAbove(before)) {
      revealedPromise.put(acceptor, ballot);
    }
  }

  /** An acceptor's Accepted for {@code ballot} left the node. */
  void acceptRevealed(NodeId acceptor, Ballot ballot) {
    Ballot before = revealedPromise.get(acceptor);
    if (before != null && ballot.isBelow(before)) {
      fail(acceptor + " accepted ballot " + ballot + " below its promise " + before);
    }
    if (before == null || ballot.isAbove(before)) {
      revealedPromise.put(acceptor, ballot);
    }
  }

  /** After a restart the acceptor's recovered promise must cover everything it revealed. */
  void acceptorRecovered(NodeId acceptor, Ballot recovered) {
    Ballot before = revealedPromise.get(acceptor);
    if (before != null && recovered.isBelow(before)) {
      fail(
          acceptor
              + " recovered promise "
              + recovered
              + " below revealed "
              + before
              + " (a reply left before its write was durable)");
    }
  }
}
