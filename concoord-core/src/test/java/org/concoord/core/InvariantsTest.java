package org.concoord.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.command.Batch;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;

/** Each always-on invariant passes what the protocol does and stops what breaks it. */
class InvariantsTest {
  private static final NodeId A0 = NodeId.of("a0");
  private static final NodeId A1 = NodeId.of("a1");
  private static final NodeId A2 = NodeId.of("a2");
  private static final NodeId R0 = NodeId.of("r0");
  private static final Ballot LOW = new Ballot(3, R0);
  private static final Ballot HIGH = new Ballot(4, NodeId.of("r1"));

  @Test
  void aPromiseMayStayOrRiseButNeverFall() {
    assertDoesNotThrow(() -> Invariants.promiseNeverDecreases(A0, LOW, LOW));
    assertDoesNotThrow(() -> Invariants.promiseNeverDecreases(A0, LOW, HIGH));
    Invariants.Violation violation =
        assertThrows(
            Invariants.Violation.class, () -> Invariants.promiseNeverDecreases(A0, HIGH, LOW));
    assertTrue(violation.getMessage().contains("a0 lowered its promise"), violation.getMessage());
  }

  @Test
  void anAcceptorAcceptsOnlyAtOrAboveItsPromise() {
    assertDoesNotThrow(() -> Invariants.acceptsAtOrAbovePromise(A0, LOW, LOW));
    assertThrows(
        Invariants.Violation.class, () -> Invariants.acceptsAtOrAbovePromise(A0, HIGH, LOW));
  }

  @Test
  void aLeadersBallotsOnlyRise() {
    assertDoesNotThrow(() -> Invariants.ballotRises(R0, Ballot.ZERO, LOW));
    assertThrows(Invariants.Violation.class, () -> Invariants.ballotRises(R0, LOW, LOW));
    assertThrows(Invariants.Violation.class, () -> Invariants.ballotRises(R0, HIGH, LOW));
  }

  @Test
  void slotsAreProposedWithinTheWindowOnly() {
    assertDoesNotThrow(() -> Invariants.proposedWithinWindow(R0, 11 + View.WINDOW, 11));
    assertThrows(
        Invariants.Violation.class,
        () -> Invariants.proposedWithinWindow(R0, 12 + View.WINDOW, 11));
    assertThrows(Invariants.Violation.class, () -> Invariants.proposedWithinWindow(R0, 0, 0));
  }

  @Test
  void aDecisionNeedsAMajorityOfItsOwnViewsAcceptors() {
    View view = View.initial(List.of(R0), List.of(A0, A1, A2));
    assertDoesNotThrow(() -> Invariants.quorumInsideView(R0, 5, view, List.of(A0, A2)));
    assertThrows(
        Invariants.Violation.class,
        () -> Invariants.quorumInsideView(R0, 5, view, List.of(A0, A0)),
        "counted twice");
    assertThrows(
        Invariants.Violation.class,
        () -> Invariants.quorumInsideView(R0, 5, view, List.of(A0, NodeId.of("a9"))),
        "a voter outside the view");
  }

  @Test
  void aSlotIsDecidedOnce() {
    assertDoesNotThrow(() -> Invariants.decidedOnce(R0, 7, null, Batch.NOOP));
    assertThrows(
        Invariants.Violation.class, () -> Invariants.decidedOnce(R0, 7, Batch.NOOP, Batch.NOOP));
  }
}
