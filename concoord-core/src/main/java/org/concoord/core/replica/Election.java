package org.concoord.core.replica;

import java.util.random.RandomGenerator;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;

/**
 * Failure detection by heartbeats counted in ticks: tracks the highest ballot seen, how long since
 * its leader was last heard, and when this replica should campaign. Each wait is drawn anew from
 * [timeout, 2 * timeout) with the seeded generator, so candidates that collide spread apart instead
 * of preempting each other forever.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class Election {
  private final int timeoutTicks;
  private final RandomGenerator random;
  private Ballot ballotKnown = Ballot.ZERO;
  private int silentTicks;

  /** Ticks since the leader of {@link #ballotKnown} was last heard; not restarted by a campaign. */
  private long leaderSilentTicks;

  private int waitTicks;

  Election(int timeoutTicks, RandomGenerator random) {
    this.timeoutTicks = timeoutTicks;
    this.random = random;
    this.waitTicks = drawWait();
  }

  Ballot ballotKnown() {
    return ballotKnown;
  }

  /**
   * The leader this replica believes in, or null if it has heard of none or not within two election
   * timeouts: a leader cut off from its acceptors (check-quorum, {@link QuorumCheck}) or gone must
   * not be named to clients, or those that follow hints never reach the leader of the majority.
   */
  NodeId leaderHint() {
    if (ballotKnown.equals(Ballot.ZERO) || leaderSilentTicks > 2L * timeoutTicks) {
      return null;
    }
    return ballotKnown.leader();
  }

  /** A ballot was seen (in a heartbeat, preemption or phase 1); returns whether it is new news. */
  boolean observe(Ballot ballot) {
    if (!ballot.isAbove(ballotKnown)) {
      return false;
    }
    ballotKnown = ballot;
    return true;
  }

  /** The leader of {@code ballot} is alive. */
  void heard(Ballot ballot) {
    observe(ballot);
    if (ballot.equals(ballotKnown)) {
      silentTicks = 0;
      leaderSilentTicks = 0;
    }
  }

  /** Restarts the wait after this replica campaigned or stepped down. */
  void restartWait() {
    silentTicks = 0;
    waitTicks = drawWait();
  }

  /** Counts a tick of silence; true when the wait is over and this replica should campaign. */
  boolean tick() {
    silentTicks++;
    leaderSilentTicks++;
    return silentTicks >= waitTicks;
  }

  /** The ballot to campaign with: above everything seen. */
  Ballot nextBallot(NodeId self, Ballot own) {
    Ballot highest = own.isAbove(ballotKnown) ? own : ballotKnown;
    return highest.next(self);
  }

  private int drawWait() {
    return timeoutTicks + random.nextInt(timeoutTicks);
  }
}
