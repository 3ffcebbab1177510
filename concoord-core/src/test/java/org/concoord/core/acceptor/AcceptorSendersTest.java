package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.Truncate;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's door (review §1.2, cases 04 and 05): a Truncate or a ballot from a peer that has
 * no business sending it changes nothing, and nothing a peer sends can lock the next leader out.
 */
class AcceptorSendersTest {
  static final NodeId LEADER = NodeId.of("r1");
  static final NodeId OTHER = NodeId.of("r2");
  static final NodeId FORGER = NodeId.of("evil:1");
  static final Ballot B1 = new Ballot(1, LEADER);

  /** An acceptor that promised B1 to r1 and accepted slots 1..slots from it. */
  static Acceptor withSlots(int slots) {
    return AcceptorTruncateTest.withSlots(slots);
  }

  @Test
  void truncateFromAnotherThanThePromisedLeaderIsIgnored() {
    Acceptor acceptor = withSlots(10);
    Effects effects = new Effects();
    acceptor.onMessage(FORGER, new Truncate(9), effects);
    acceptor.onMessage(OTHER, new Truncate(9), effects);
    assertTrue(effects.isEmpty(), "nothing persisted");
    assertEquals(1, acceptor.slotTruncatedBelow());
    assertEquals(10, acceptor.accepted().size());
  }

  @Test
  void truncateToTheTopOfTheRangeIsRefusedEvenFromTheLeader() {
    // Case 04: Truncate(2^63-1) would drop every pvalue and refuse every later Prepare.
    Acceptor acceptor = withSlots(10);
    Effects effects = new Effects();
    acceptor.onMessage(FORGER, new Truncate(Long.MAX_VALUE), effects);
    acceptor.onMessage(LEADER, new Truncate(Long.MAX_VALUE), effects);
    assertTrue(effects.isEmpty());
    assertEquals(1, acceptor.slotTruncatedBelow());
    assertEquals(10, acceptor.accepted().size());
    Effects next = new Effects();
    Ballot b2 = new Ballot(2, OTHER);
    acceptor.onMessage(OTHER, new Prepare(b2, 3), next);
    assertEquals(b2, acceptor.promised(), "the next leader is still promised");
  }

  @Test
  void truncateUpToWhatTheAcceptorHoldsStillWorks() {
    Acceptor acceptor = withSlots(10);
    acceptor.onMessage(LEADER, new Truncate(11), new Effects());
    assertEquals(11, acceptor.slotTruncatedBelow());
    assertTrue(acceptor.accepted().isEmpty());
  }

  @Test
  void prepareAtTheTopOfTheRangeIsNotPromised() {
    // Case 05: Prepare(2^63-1) promised durably would make every later campaign overflow.
    Acceptor acceptor = withSlots(1);
    Effects effects = new Effects();
    acceptor.onMessage(FORGER, new Prepare(new Ballot(Long.MAX_VALUE, FORGER), 1), effects);
    assertTrue(effects.isEmpty(), "no promise, no write, no Preempted");
    assertEquals(B1, acceptor.promised());
  }

  @Test
  void aBallotWithinReachIsPromisedOneBeyondIsNot() {
    Acceptor acceptor = withSlots(1);
    long reach = 1 + Ballot.ROUND_STEP_MAX;
    acceptor.onMessage(FORGER, new Prepare(new Ballot(reach + 1, FORGER), 1), new Effects());
    assertEquals(B1, acceptor.promised());
    acceptor.onMessage(OTHER, new Prepare(new Ballot(reach, OTHER), 1), new Effects());
    assertEquals(new Ballot(reach, OTHER), acceptor.promised());
  }

  @Test
  void prepareOrProposeForAnotherLeadersBallotIsIgnored() {
    Acceptor acceptor = withSlots(1);
    Effects effects = new Effects();
    Ballot othersBallot = new Ballot(5, OTHER);
    acceptor.onMessage(FORGER, new Prepare(othersBallot, 1), effects);
    acceptor.onMessage(
        FORGER, new Propose(new PValue(othersBallot, 2, new Batch(1, List.of()))), effects);
    assertTrue(effects.isEmpty());
    assertEquals(B1, acceptor.promised());
    assertEquals(1, acceptor.accepted().size());
  }

  @Test
  void heartbeatIsAnsweredOnlyForTheSendersOwnPlausibleBallot() {
    Acceptor acceptor = withSlots(1);
    Effects effects = new Effects();
    acceptor.onMessage(FORGER, new Heartbeat(new Ballot(3, OTHER), 0), effects);
    acceptor.onMessage(OTHER, new Heartbeat(new Ballot(Long.MAX_VALUE, OTHER), 0), effects);
    assertTrue(effects.isEmpty(), "no Alive reflected");
    acceptor.onMessage(OTHER, new Heartbeat(new Ballot(3, OTHER), 0), effects);
    assertEquals(1, effects.list().size());
  }

  @Test
  void theLeaderStillGetsItsPromiseWithItsPvalues() {
    Acceptor acceptor = withSlots(3);
    Effects effects = new Effects();
    Ballot b2 = new Ballot(2, OTHER);
    acceptor.onMessage(OTHER, new Prepare(b2, 1), effects);
    Effects.Send send = (Effects.Send) effects.list().get(1);
    assertEquals(3, ((Promise) send.message()).accepted().size());
  }
}
