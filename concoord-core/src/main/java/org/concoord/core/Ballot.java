package org.concoord.core;

import java.util.Objects;

/**
 * A Paxos ballot: a round number and the replica leading it. Totally ordered by round, then leader,
 * so two leaders never share a ballot. {@link #ZERO} is below every ballot a leader can own.
 */
public record Ballot(long round, NodeId leader) implements Comparable<Ballot> {
  /** The ballot an acceptor has promised before it has promised anything. */
  public static final Ballot ZERO = new Ballot(0, new NodeId("-"));

  public Ballot {
    Objects.requireNonNull(leader, "leader");
    if (round < 0) {
      throw new IllegalArgumentException("ballot round must be >= 0: " + round);
    }
  }

  /**
   * How far above the highest ballot a node knows a peer's ballot may be: rounds grow by one per
   * campaign, so a ballot more than this many rounds ahead is absurd (forged or corrupt) and every
   * door refuses it ({@link #isWithinReachOf}). Reaching {@link Long#MAX_VALUE} would take 2^43
   * accepted ballots in a row, so {@link #next} never meets the top.
   */
  public static final long ROUND_STEP_MAX = 1L << 20;

  /**
   * A ballot owned by {@code owner} that is above {@code this} (the next round). Saturates at
   * {@link Long#MAX_VALUE} instead of overflowing: then the result is not above {@code this}, but
   * the doors never let a round come near (see {@link #ROUND_STEP_MAX}).
   */
  public Ballot next(NodeId owner) {
    return new Ballot(round == Long.MAX_VALUE ? round : round + 1, owner);
  }

  /**
   * Whether this ballot, received from a peer, is plausible for a node whose highest known ballot
   * is {@code known}: at most {@link #ROUND_STEP_MAX} rounds above it. A ballot below is always
   * plausible (stale input is the handlers' business).
   */
  public boolean isWithinReachOf(Ballot known) {
    return round - known.round <= ROUND_STEP_MAX; // both rounds >= 0: no overflow
  }

  public boolean isAbove(Ballot other) {
    return compareTo(other) > 0;
  }

  public boolean isBelow(Ballot other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(Ballot other) {
    int byRound = Long.compare(round, other.round);
    return byRound != 0 ? byRound : leader.compareTo(other.leader);
  }

  @Override
  public String toString() {
    return round + "@" + leader;
  }
}
