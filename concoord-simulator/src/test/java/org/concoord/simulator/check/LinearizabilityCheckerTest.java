package org.concoord.simulator.check;

import static org.concoord.simulator.check.CounterModel.add;
import static org.concoord.simulator.check.CounterModel.get;
import static org.concoord.simulator.check.CounterModel.getvalue;
import static org.concoord.simulator.check.CounterModel.increment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.simulator.check.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

/** Hand-written counter histories, each a known answer; the bad ones are TESTING.md's list. */
class LinearizabilityCheckerTest {
  private final History history = new History();
  private final LinearizabilityChecker<Long> checker =
      new LinearizabilityChecker<>(new CounterModel());

  private History.Handle answered(int client, Input input, long invoke, long complete, Object out) {
    History.Handle handle = history.invoke(client, input, invoke);
    history.complete(handle, out, complete);
    return handle;
  }

  private void timedOut(int client, Input input, long invoke) {
    history.indeterminate(history.invoke(client, input, invoke));
  }

  private void assertLinearizable() {
    CheckResult result = checker.check(history);
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation());
  }

  private CheckResult assertNotLinearizable() {
    CheckResult result = checker.check(history);
    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.explanation());
    assertTrue(!result.offenders().isEmpty(), "a violation names operations");
    return result;
  }

  @Test
  void emptyHistoryIsLinearizable() {
    assertLinearizable();
  }

  @Test
  void sequentialAddsAndReadsAreLinearizable() {
    answered(1, add(5), 0, 10, 5L);
    answered(2, get(), 20, 30, 5L);
    answered(1, increment(), 40, 50, null);
    answered(2, add(-2), 60, 70, 4L);
    answered(1, getvalue(), 80, 90, 4L);
    assertLinearizable();
  }

  @Test
  void concurrentAddsMayTakeEffectInTheOrderOppositeToTheirInvocations() {
    answered(1, add(1), 0, 30, 3L);
    answered(2, add(2), 10, 40, 2L);
    answered(3, get(), 50, 60, 3L);
    assertLinearizable();
  }

  @Test
  void readConcurrentWithAnAddMaySeeTheOldValueOrTheNew() {
    answered(1, add(1), 0, 100, 1L);
    answered(2, get(), 10, 20, 0L);
    answered(3, get(), 30, 40, 1L);
    assertLinearizable();
  }

  @Test
  void operationsTouchingAtOneTickAreConcurrent() {
    answered(1, add(1), 0, 10, 1L);
    answered(2, get(), 10, 20, 0L);
    assertLinearizable();
  }

  @Test
  void staleReadIsRejected() {
    History.Handle write = answered(1, add(1), 0, 10, 1L);
    History.Handle read = answered(2, get(), 20, 30, 0L);
    CheckResult result = assertNotLinearizable();
    assertTrue(result.offenders().stream().anyMatch(o -> o.id() == read.id()), result::toString);
    assertTrue(result.explanation().contains("op#" + write.id()), result::toString);
  }

  @Test
  void lostWriteIsRejected() {
    answered(1, increment(), 0, 10, null);
    answered(2, increment(), 0, 10, null);
    answered(3, getvalue(), 20, 30, 1L);
    assertNotLinearizable();
  }

  @Test
  void lostWriteBetweenConcurrentAddsIsRejected() {
    answered(1, add(1), 0, 10, 1L);
    answered(2, add(2), 0, 10, 2L);
    assertNotLinearizable();
  }

  @Test
  void duplicatedWriteOfAnAddAppliedTwiceIsRejected() {
    answered(1, add(5), 0, 10, 5L);
    answered(2, get(), 20, 30, 10L);
    assertNotLinearizable();
  }

  @Test
  void duplicatedWriteOfAVoidIncrementIsRejected() {
    answered(1, increment(), 0, 10, null);
    answered(2, getvalue(), 20, 30, 2L);
    assertNotLinearizable();
  }

  @Test
  void readOfAValueNeverWrittenIsRejectedEvenWhenConcurrentWithEverything() {
    answered(1, add(1), 0, 100, 1L);
    answered(2, add(2), 0, 100, 3L);
    answered(3, get(), 0, 100, 2L);
    assertNotLinearizable();
  }

  @Test
  void realTimeOrderViolatedByAddsIsRejected() {
    answered(1, add(1), 0, 10, 3L);
    answered(2, add(2), 20, 30, 2L);
    assertNotLinearizable();
  }

  @Test
  void theSameOutputsAreLinearizableWhenTheAddsOverlap() {
    answered(1, add(1), 0, 25, 3L);
    answered(2, add(2), 20, 30, 2L);
    assertLinearizable();
  }

  @Test
  void voidIncrementAnsweringAValueIsRejected() {
    answered(1, increment(), 0, 10, 1L);
    assertNotLinearizable();
  }

  @Test
  void indeterminateAddMayHaveTakenEffect() {
    timedOut(1, add(1), 0);
    answered(2, get(), 10, 20, 1L);
    assertLinearizable();
  }

  @Test
  void indeterminateAddMayNotHaveTakenEffect() {
    timedOut(1, add(1), 0);
    answered(2, get(), 10, 20, 0L);
    answered(2, get(), 30, 40, 0L);
    assertLinearizable();
  }

  @Test
  void indeterminateAddMayTakeEffectLongAfterItsClientGaveUp() {
    timedOut(1, add(5), 0);
    answered(1, get(), 100, 110, 0L);
    answered(2, get(), 200, 210, 5L);
    assertLinearizable();
  }

  @Test
  void indeterminateAddTakesEffectAtMostOnce() {
    timedOut(1, add(5), 0);
    answered(2, get(), 10, 20, 10L);
    assertNotLinearizable();
  }

  @Test
  void indeterminateAddCannotTakeEffectBeforeItsInvocation() {
    answered(1, get(), 0, 10, 5L);
    timedOut(2, add(5), 20);
    assertNotLinearizable();
  }

  @Test
  void indeterminateAddCannotBeUndoneOnceSeen() {
    timedOut(1, add(5), 0);
    answered(2, get(), 10, 20, 5L);
    answered(2, get(), 30, 40, 0L);
    assertNotLinearizable();
  }

  @Test
  void operationPendingWhenRecordingStoppedCountsAsIndeterminate() {
    history.invoke(1, add(7), 0);
    answered(2, get(), 10, 20, 7L);
    assertLinearizable();
  }

  @Test
  void explanationGivesTheLongestLinearizablePrefixAndTheBlockedOperation() {
    answered(1, add(1), 0, 10, 1L);
    answered(1, add(1), 20, 30, 2L);
    History.Handle stale = answered(2, get(), 40, 50, 1L);
    CheckResult result = assertNotLinearizable();
    assertEquals(stale.id(), result.offenders().get(0).id(), result::toString);
    assertTrue(result.explanation().contains("2 operations"), result::toString);
  }

  /**
   * 40 adds of distinct powers of two, all pending (never answered), then a read of a value no
   * subset of them sums to: every subset is a distinct configuration, and no pruning applies, so
   * the search would visit all 2^40 before saying no. (Subset sum: this is the NP-hard core.)
   */
  private void recordPathologicalHistory() {
    for (int client = 0; client < 40; client++) {
      timedOut(client, add(1L << client), 0);
    }
    answered(40, get(), 200, 210, -1L);
  }

  @Test
  void pathologicalHistoryReturnsUnknownWhenTheStepBudgetRunsOut() {
    recordPathologicalHistory();
    CheckResult result =
        new LinearizabilityChecker<>(new CounterModel(), 10_000, 1_000_000).check(history);
    assertEquals(Verdict.UNKNOWN, result.verdict(), result.explanation());
    assertTrue(result.explanation().contains("budget 10000 and 1000000"), result::toString);
  }

  @Test
  void pathologicalHistoryReturnsUnknownWhenTheMemoIsFull() {
    recordPathologicalHistory();
    CheckResult result =
        new LinearizabilityChecker<>(new CounterModel(), Long.MAX_VALUE, 1_000).check(history);
    assertEquals(Verdict.UNKNOWN, result.verdict(), result.explanation());
    assertTrue(result.explanation().contains("1001 configurations"), result::toString);
  }

  @Test
  void pathologicalHistoryWithTheDefaultBudgetReturnsRatherThanHangs() {
    recordPathologicalHistory();
    long start = System.nanoTime();
    CheckResult result = checker.check(history);
    System.out.printf(
        "pathological 41-op history, default budget: %s in %d ms%n",
        result.verdict(), (System.nanoTime() - start) / 1_000_000);
    assertEquals(Verdict.UNKNOWN, result.verdict(), result.explanation());
  }

  @Test
  void manyConcurrentIncrementsAreCheapBecauseTwinsAreTriedOnce() {
    // Without symmetry pruning every subset of the 40 would be a configuration (2^40).
    for (int client = 0; client < 40; client++) {
      answered(client, increment(), 0, 100, null);
    }
    answered(40, getvalue(), 200, 210, 41L);
    CheckResult result =
        new LinearizabilityChecker<>(new CounterModel(), 10_000, 10_000).check(history);
    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.explanation());
  }

  @Test
  void malformedInputIsARecorderBugNotAViolation() {
    answered(1, Input.of("multiply", 2L), 0, 10, 0L);
    assertThrows(IllegalArgumentException.class, () -> checker.check(history));
  }
}
