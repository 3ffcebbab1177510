package org.concoord.core.replica;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;

/**
 * The rounds of {@link org.concoord.core.message.ReadCheck}s {@link ReadIndex} sent under its
 * ballot: how many were sent and when, and the highest each acceptor confirmed. Rounds go on
 * increasing across ballots, so an old ballot's answers are ignored.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: the ticks are given.
 */
final class ReadRounds {
  /** Send ticks of the last rounds, by round modulo its length: what a confirm vouches from. */
  private static final int ROUND_TICKS_KEPT = 64;

  private long roundSent;
  private long roundSentTicks;
  private long roundConfirmed;
  private final long[] roundTicks = new long[ROUND_TICKS_KEPT];
  private final long[] roundOfTicks = new long[ROUND_TICKS_KEPT];

  /** The highest round each acceptor confirmed under the ballot. */
  private final Map<NodeId, Long> confirmedBy = new HashMap<>();

  /** The last round sent. */
  long sent() {
    return roundSent;
  }

  /** The last round a majority of the newest view confirmed. */
  long confirmed() {
    return roundConfirmed;
  }

  /** When the last round was sent. */
  long sentTicks() {
    return roundSentTicks;
  }

  /** Rounds sent and not yet confirmed. */
  long outstanding() {
    return roundSent - roundConfirmed;
  }

  /** Numbers the next round, sent at {@code nowTicks}. */
  long start(long nowTicks) {
    roundSent++;
    roundSentTicks = nowTicks;
    int at = (int) (roundSent % ROUND_TICKS_KEPT);
    roundTicks[at] = nowTicks;
    roundOfTicks[at] = roundSent;
    return roundSent;
  }

  /** Whether the send tick of {@code round} is still kept ({@link #ticksOf}). */
  boolean ticksKept(long round) {
    return roundOfTicks[(int) (round % ROUND_TICKS_KEPT)] == round;
  }

  /** When {@code round} was sent, if {@link #ticksKept}. */
  long ticksOf(long round) {
    return roundTicks[(int) (round % ROUND_TICKS_KEPT)];
  }

  /**
   * {@code from} confirmed {@code round}; whether a majority of {@code latest} now confirmed a
   * round above the last confirmed one (which it becomes).
   */
  boolean confirm(NodeId from, long round, View latest) {
    confirmedBy.merge(from, round, Math::max);
    long quorumRound = quorumRound(latest);
    if (quorumRound > roundConfirmed) {
      roundConfirmed = quorumRound;
      return true;
    }
    return false;
  }

  /** Another ballot: the rounds sent so far count as confirmed, their confirms are forgotten. */
  void newBallot() {
    confirmedBy.clear();
    roundConfirmed = roundSent; // rounds go on increasing: an old ballot's answers are ignored
  }

  /** The highest round a majority of the newest view confirmed: when the next round may start. */
  private long quorumRound(View latest) {
    TreeSet<Long> rounds = new TreeSet<>(confirmedBy.values());
    for (long round : rounds.descendingSet()) {
      if (round <= roundConfirmed) {
        break;
      }
      if (latest.isQuorum(confirmers(round))) {
        return round;
      }
    }
    return roundConfirmed;
  }

  /** The acceptors that confirmed {@code round} or a later one. */
  Set<NodeId> confirmers(long round) {
    Set<NodeId> voters = new TreeSet<>();
    confirmedBy.forEach(
        (acceptor, confirmed) -> {
          if (confirmed >= round) {
            voters.add(acceptor);
          }
        });
    return voters;
  }
}
