package org.concoord.core.replica;

import java.util.HashSet;
import java.util.Set;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;

/**
 * Check-quorum: an active leader that has heard no majority of its acceptors for {@link
 * #limitTicks} (two election timeouts) while they owe it an answer (a proposal waits for its
 * Accepted, or a read waits for its read index round's confirmations) steps down. A leader cut off
 * from its acceptors cannot decide anything, yet its heartbeats still reach the replicas on its
 * side, which would go on hinting clients to it: a client following hints never reached the
 * majority's leader until its session expired (seeds 5001556, 5000791). An idle leader is owed
 * nothing, so silence alone never deposes it.
 *
 * <p>The silences are the {@link FailureDetector}'s (any message from a node counts, counted from
 * the leader's start when never heard). Not thread-safe. Does no I/O. Reads no clock.
 */
final class QuorumCheck {
  private final long limitTicks;

  /** Since when a proposal has been waiting for its Accepted; -1 while none waits. */
  private long owedSinceTicks = -1;

  QuorumCheck(int electionTimeoutTicks) {
    this.limitTicks = 2L * electionTimeoutTicks;
  }

  /**
   * A tick while this replica leads; whether it lost its quorum: owed an answer for longer than the
   * limit, and fewer than a majority of {@code latest}'s acceptors heard within it.
   */
  boolean lost(View latest, boolean owed, FailureDetector failures, long nowTicks) {
    if (!owed) {
      owedSinceTicks = -1;
      return false;
    }
    if (owedSinceTicks < 0) {
      owedSinceTicks = nowTicks;
    }
    if (nowTicks - owedSinceTicks <= limitTicks) {
      return false;
    }
    Set<NodeId> heard = new HashSet<>();
    for (NodeId acceptor : latest.acceptors()) {
      if (failures.silentTicks(acceptor, nowTicks) <= limitTicks) {
        heard.add(acceptor);
      }
    }
    return !latest.isQuorum(heard);
  }

  /** This replica stopped leading: the next term starts owing nothing. */
  void reset() {
    owedSinceTicks = -1;
  }
}
