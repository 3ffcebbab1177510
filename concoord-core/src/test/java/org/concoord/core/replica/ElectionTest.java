package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.junit.jupiter.api.Test;

/** Failure detection in ticks: randomized waits in [T, 2T), reset by the known leader only. */
class ElectionTest {
  private static final int TIMEOUT = 10;
  private static final NodeId SELF = NodeId.of("r1");
  private static final Ballot LEADER_BALLOT = new Ballot(4, NodeId.of("r2"));

  private static int ticksUntilCampaign(Election election) {
    for (int ticks = 1; ticks <= 10 * TIMEOUT; ticks++) {
      if (election.tick()) {
        return ticks;
      }
    }
    throw new AssertionError("never campaigns");
  }

  @Test
  void everyWaitLastsAtLeastTheTimeoutAndLessThanTwice() {
    SplittableRandom random = new SplittableRandom(42);
    for (int run = 0; run < 200; run++) {
      Election election = new Election(TIMEOUT, random);
      int first = ticksUntilCampaign(election);
      election.restartWait();
      int second = ticksUntilCampaign(election);
      assertTrue(first >= TIMEOUT && first < 2 * TIMEOUT, "wait " + first);
      assertTrue(second >= TIMEOUT && second < 2 * TIMEOUT, "wait " + second);
    }
  }

  @Test
  void hearingTheKnownLeaderRestartsTheSilence() {
    Election election = new Election(TIMEOUT, new SplittableRandom(1));
    election.heard(LEADER_BALLOT);
    for (int i = 0; i < 5 * TIMEOUT; i++) {
      assertFalse(election.tick());
      election.heard(LEADER_BALLOT);
    }
  }

  @Test
  void hearingAnOlderLeaderDoesNotRestartTheSilence() {
    Election election = new Election(TIMEOUT, new SplittableRandom(1));
    election.heard(LEADER_BALLOT);
    boolean campaigned = false;
    for (int i = 0; i < 2 * TIMEOUT; i++) {
      campaigned |= election.tick();
      election.heard(new Ballot(3, NodeId.of("r3")));
    }
    assertTrue(campaigned);
    assertEquals(LEADER_BALLOT, election.ballotKnown());
  }

  @Test
  void observeKeepsTheHighestBallotAndSaysWhetherItIsNews() {
    Election election = new Election(TIMEOUT, new SplittableRandom(1));
    assertNull(election.leaderHint());
    assertTrue(election.observe(LEADER_BALLOT));
    assertFalse(election.observe(LEADER_BALLOT));
    assertFalse(election.observe(new Ballot(1, SELF)));
    assertEquals(NodeId.of("r2"), election.leaderHint());
  }

  @Test
  void theNextBallotIsAboveBothTheKnownAndTheOwnBallot() {
    Election election = new Election(TIMEOUT, new SplittableRandom(1));
    election.observe(LEADER_BALLOT);
    assertEquals(new Ballot(5, SELF), election.nextBallot(SELF, new Ballot(2, SELF)));
    assertEquals(new Ballot(8, SELF), election.nextBallot(SELF, new Ballot(7, SELF)));
  }

  @Test
  void aLeaderNotHeardForTwoTimeoutsIsNoLongerNamed() {
    Election election = new Election(TIMEOUT, new SplittableRandom(7));
    election.heard(LEADER_BALLOT);
    for (int ticks = 0; ticks < 2 * TIMEOUT; ticks++) {
      election.tick();
      election.restartWait(); // a campaign restarts the wait, not the leader's silence
    }
    assertEquals(LEADER_BALLOT.leader(), election.leaderHint());
    election.tick();
    assertNull(election.leaderHint(), "a leader silent for two timeouts may be cut off or gone");
    election.heard(LEADER_BALLOT);
    assertEquals(LEADER_BALLOT.leader(), election.leaderHint());
  }
}
