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

  /** A ballot owned by {@code owner} that is above {@code this} (the next round). */
  public Ballot next(NodeId owner) {
    return new Ballot(round + 1, owner);
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
