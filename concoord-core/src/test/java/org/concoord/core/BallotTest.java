package org.concoord.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ballots order by round, then leader: two leaders never share one, and ZERO is below all. */
class BallotTest {
  private static final NodeId A = NodeId.of("a:1");
  private static final NodeId B = NodeId.of("b:1");

  @Test
  void higherRoundIsAboveWhateverTheLeader() {
    assertTrue(new Ballot(2, A).isAbove(new Ballot(1, B)));
    assertTrue(new Ballot(1, B).isBelow(new Ballot(2, A)));
  }

  @Test
  void equalRoundsAreOrderedByLeaderAddress() {
    assertTrue(new Ballot(3, B).isAbove(new Ballot(3, A)));
    assertTrue(new Ballot(3, A).isBelow(new Ballot(3, B)));
  }

  @Test
  void aBallotIsNeitherAboveNorBelowItself() {
    Ballot ballot = new Ballot(7, A);
    assertFalse(ballot.isAbove(new Ballot(7, A)));
    assertFalse(ballot.isBelow(new Ballot(7, A)));
    assertEquals(0, ballot.compareTo(new Ballot(7, A)));
  }

  @Test
  void nextIsOneRoundUpOwnedByTheGivenLeader() {
    Ballot next = new Ballot(4, B).next(A);
    assertEquals(new Ballot(5, A), next);
    assertTrue(next.isAbove(new Ballot(4, B)));
  }

  @Test
  void zeroIsBelowTheFirstBallotAnyLeaderCanOwn() {
    assertTrue(Ballot.ZERO.isBelow(Ballot.ZERO.next(A)));
    assertTrue(Ballot.ZERO.isBelow(new Ballot(1, NodeId.of("!"))));
  }

  @Test
  void negativeRoundIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Ballot(-1, A));
  }

  @Test
  void nullLeaderIsRefused() {
    assertThrows(NullPointerException.class, () -> new Ballot(1, null));
  }

  @Test
  void printsRoundAtLeader() {
    assertEquals("3@a:1", new Ballot(3, A).toString());
  }

  @Test
  void nextSaturatesAtTheTopOfTheRangeInsteadOfOverflowing() {
    Ballot top = new Ballot(Long.MAX_VALUE, B);
    assertEquals(new Ballot(Long.MAX_VALUE, A), top.next(A));
  }

  @Test
  void aBallotIsWithinReachUpToTheRoundStepAboveTheKnownOne() {
    Ballot known = new Ballot(10, A);
    assertTrue(new Ballot(10 + Ballot.ROUND_STEP_MAX, B).isWithinReachOf(known));
    assertFalse(new Ballot(11 + Ballot.ROUND_STEP_MAX, B).isWithinReachOf(known));
    assertFalse(new Ballot(Long.MAX_VALUE, B).isWithinReachOf(Ballot.ZERO));
    assertTrue(Ballot.ZERO.isWithinReachOf(new Ballot(Long.MAX_VALUE, B)));
  }
}
