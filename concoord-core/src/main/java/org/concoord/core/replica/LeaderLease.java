package org.concoord.core.replica;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.view.View;

/**
 * The active leader's read lease, and the fence that makes it safe (docs/protocol.md, "Lease
 * reads"). Raft's lease read (thesis, 6.4) for Multi-Paxos, with the wait put on the new leader
 * rather than on the acceptors' promises, so the acceptors stay as they are:
 *
 * <ul>
 *   <li>The <b>lease</b>: an acceptor that answered a message this leader sent at tick {@code t} (a
 *       {@code ReadConfirm} for a round, an {@code Accepted} for a proposal) had promised no higher
 *       ballot when it answered, so after {@code t}. The lease holds, for a set of views, while a
 *       majority of each view's acceptors answered messages sent within the last {@link
 *       #leaseTicks} ticks of this leader.
 *   <li>The <b>fence</b>: a leader proposes nothing until {@link #fenceTicks} of its own ticks
 *       after the last {@code Promise} it counted for its ballot. A deposed leader's lease rests on
 *       a majority that answered it after {@code t}; the new leader's promise majority shares an
 *       acceptor with it, which promised after answering, so the new leader counted that promise
 *       after {@code t} in real time. The fence outlasts the lease in real time, clock drift
 *       included: no write of the new leader completes while the old lease holds.
 * </ul>
 *
 * <p>The drift bound ({@link ReplicaConfig#driftPermille}, {@link ReplicaConfig#leaseLagTicks}):
 * every node's tick count runs at a rate within that many per mille of real time, and lags it by at
 * most that many ticks (the runtime's catch-up bound; a node that loses more calls {@link
 * #clockJumped} and holds no lease until it renews it). Then the lease lasts at most {@code
 * (leaseTicks + LAG + 1) / (1 - drift)} real ticks from {@code t}, and the fence at least {@code
 * (fenceTicks - 1) / (1 + drift)}; {@link #fenceTicks} is the least whole number of ticks that
 * makes the second the larger.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class LeaderLease {
  /** The drift of a node's tick rate from real time assumed by default, per mille (5 %). */
  static final int DRIFT_PERMILLE = ReplicaConfig.DRIFT_PERMILLE_DEFAULT;

  /** Most ticks a node's tick count lags real time unnoticed by default (Node's catch-up + 1). */
  static final int LAG_TICKS_MAX = ReplicaConfig.LEASE_LAG_TICKS_DEFAULT;

  private final long leaseTicks;
  private final long fenceTicks;
  private final Observer observer;

  private Ballot ballot = Ballot.ZERO;

  /** The send tick of the latest message each acceptor answered under {@link #ballot}. */
  private final Map<NodeId, Long> answeredSentTicks = new HashMap<>();

  /** The acceptors whose promise of {@link #promisedBallot} set the fence. */
  private Ballot promisedBallot = Ballot.ZERO;

  private final Set<NodeId> promisedBy = new TreeSet<>();

  /** No proposal before this tick (the fence); and whether a tick must still lift it. */
  private long fencedUntilTicks;

  private boolean fencePending;

  /** Ticks before this one vouch for no lease: the clock lost time ({@link #clockJumped}). */
  private long trustedFromTicks;

  LeaderLease(ReplicaConfig config, Set<Mutation> mutations, Observer observer) {
    this(
        config.readLease() ? config.electionTimeoutTicks() : 0,
        config.driftPermille(),
        config.leaseLagTicks(),
        mutations,
        observer);
  }

  /**
   * The longest lease whose fence ends before the election timeout (so that a new leader has
   * proposed before the earliest candidate that does not hear it campaigns: a longer fence let a
   * replica removed from the view, which hears no leader, depose every new leader before it
   * proposed anything, seed 14); none if even a one-tick lease's fence is longer.
   */
  LeaderLease(
      int electionTimeoutTicks,
      int driftPermille,
      int lagTicks,
      Set<Mutation> mutations,
      Observer observer) {
    long lease = 0;
    while (fenceTicks(lease + 1, driftPermille, lagTicks) < electionTimeoutTicks) {
      lease++;
    }
    this.leaseTicks = lease;
    // LEASE_WITHOUT_DRIFT_MARGIN: the fence counts the lease and the lag, not the drift.
    int fenceDrift = mutations.contains(Mutation.LEASE_WITHOUT_DRIFT_MARGIN) ? 0 : driftPermille;
    this.fenceTicks =
        lease == 0 || mutations.contains(Mutation.LEASE_WITHOUT_FENCE)
            ? 0
            : fenceTicks(lease, fenceDrift, lagTicks);
    this.observer = observer;
  }

  /**
   * The least fence outlasting a lease of {@code lease} ticks in real time: {@code (fence - 1) *
   * (1000 - d) >= (lease + lag + 1) * (1000 + d)}, d = {@code driftPermille}.
   */
  static long fenceTicks(long lease, int driftPermille, int lagTicks) {
    long numerator = (lease + lagTicks + 1) * (1000 + driftPermille);
    long denominator = 1000 - driftPermille;
    return (numerator + denominator - 1) / denominator + 1;
  }

  long leaseTicks() {
    return leaseTicks;
  }

  long fenceTicks() {
    return fenceTicks;
  }

  /** Keeps to {@code current}: answers under another ballot vouch for nothing. */
  private void follow(Ballot current) {
    if (!current.equals(ballot)) {
      ballot = current;
      answeredSentTicks.clear();
    }
  }

  /** {@code acceptor} answered, under {@code answered}, a message sent at {@code sentTicks}. */
  void answered(NodeId acceptor, Ballot answered, Ballot current, long sentTicks) {
    follow(current);
    if (sentTicks < trustedFromTicks || !answered.equals(current)) {
      return;
    }
    answeredSentTicks.merge(acceptor, sentTicks, Math::max);
  }

  /**
   * {@code acceptor} promised {@code current}, the leader's ballot, at {@code nowTicks}: fenced
   * from now. Only its first promise counts (a duplicate, or a promise's further parts, arriving
   * late would hold proposals back for nothing).
   */
  void promised(NodeId acceptor, Ballot current, long nowTicks) {
    if (!current.equals(promisedBallot)) {
      promisedBallot = current;
      promisedBy.clear();
    }
    if (!promisedBy.add(acceptor)) {
      return;
    }
    fencedUntilTicks = Math.max(fencedUntilTicks, nowTicks + fenceTicks);
    fencePending = fenceTicks > 0;
  }

  /** Whether the leader must not propose yet. */
  boolean fenced(long nowTicks) {
    return nowTicks < fencedUntilTicks;
  }

  /** True once, at the first tick the fence is lifted: the leader proposes what waited. */
  boolean fenceLifted(long nowTicks) {
    if (fencePending && nowTicks >= fencedUntilTicks) {
      fencePending = false;
      observer.mark("lease.fence-lifted");
      return true;
    }
    return false;
  }

  /**
   * The node's clock lost time (its thread paused): real time may have run past any lease, so none
   * holds until acceptors answer messages sent from now on.
   */
  void clockJumped(long nowTicks) {
    // Not from this tick: a send at the current tick may have left before the pause (the tick
    // count stood still meanwhile), and its answer, waiting in the socket, would start a lease
    // of a full term in ticks that real time has already used up (simulator seed 21000481).
    trustedFromTicks = nowTicks + 1;
    answeredSentTicks.clear();
    observer.mark("lease.clock-jumped");
  }

  /**
   * Whether the lease of {@code current} holds at {@code nowTicks} for every one of {@code views}.
   */
  boolean holds(Iterable<View> views, Ballot current, long nowTicks) {
    follow(current);
    if (leaseTicks == 0) {
      return false; // no lease fits before the election timeout: every read takes a round
    }
    for (View view : views) {
      Set<NodeId> fresh = new TreeSet<>();
      for (NodeId acceptor : view.acceptors()) {
        Long sent = answeredSentTicks.get(acceptor);
        if (sent != null && nowTicks - sent < leaseTicks) {
          fresh.add(acceptor);
        }
      }
      if (!view.isQuorum(fresh)) {
        return false;
      }
    }
    return true;
  }
}
