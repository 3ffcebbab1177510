package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.command.Batch;
import org.junit.jupiter.api.Test;

/** The decided log: in-order execution, conflicts reported, bounded retention for catch-up. */
class DecisionLogTest {
  private static final Batch A = new Batch(1, List.of());
  private static final Batch B = new Batch(2, List.of());

  @Test
  void executionWaitsForTheNextSlotInOrder() {
    DecisionLog log = new DecisionLog(100);
    log.record(2, B);
    assertNull(log.nextToExecute(), "slot 1 is a gap");
    log.record(1, A);
    assertEquals(A, log.nextToExecute());
    log.markExecuted();
    assertEquals(B, log.nextToExecute());
  }

  @Test
  void aSecondDifferentValueForASlotIsReportedAndTheFirstKept() {
    DecisionLog log = new DecisionLog(100);
    assertNull(log.record(1, A));
    assertNull(log.record(1, A), "the same value again is no conflict");
    assertEquals(A, log.record(1, B));
    assertEquals(A, log.get(1));
  }

  @Test
  void aConflictWithAnExecutedRetainedSlotIsReported() {
    DecisionLog log = new DecisionLog(100);
    log.record(1, A);
    log.markExecuted();
    assertEquals(A, log.record(1, B));
    assertTrue(log.isDecided(1));
  }

  @Test
  void executedSlotsBeyondTheRetentionAreForgotten() {
    DecisionLog log = new DecisionLog(2);
    for (long slot = 1; slot <= 5; slot++) {
      log.record(slot, slot % 2 == 0 ? B : A);
      log.markExecuted();
    }
    assertEquals(3, log.slotRetainedMin());
    assertEquals(List.of(), log.executedFrom(2, 10), "slot 2 is no longer retained");
    assertEquals(List.of(A, B, A), log.executedFrom(3, 10));
    assertEquals(List.of(A, B), log.executedFrom(3, 2));
    assertTrue(log.isDecided(1), "executed slots stay decided though forgotten");
  }

  @Test
  void decisionsTooFarAheadOfExecutionAreDropped() {
    DecisionLog log = new DecisionLog(100);
    assertNull(log.record(DecisionLog.AHEAD_MAX + 1, A));
    assertFalse(log.isDecided(DecisionLog.AHEAD_MAX + 1));
    log.record(DecisionLog.AHEAD_MAX, A);
    assertTrue(log.isDecided(DecisionLog.AHEAD_MAX));
  }
}
