package org.concoord.simulator.check;

import static org.concoord.simulator.check.AppendListChecker.append;
import static org.concoord.simulator.check.AppendListChecker.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.concoord.simulator.check.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

/** Hand-written append-list histories, each a known answer. */
class AppendListCheckerTest {
  private final History history = new History();
  private final AppendListChecker checker = new AppendListChecker();

  private History.Handle answered(
      int client, Input input, long invoke, long complete, Long... out) {
    History.Handle handle = history.invoke(client, input, invoke);
    history.complete(handle, List.of(out), complete);
    return handle;
  }

  private void timedOut(int client, Input input, long invoke) {
    history.indeterminate(history.invoke(client, input, invoke));
  }

  private void assertLinearizable() {
    CheckResult result = checker.check(history);
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation());
  }

  /** Asserts a violation whose explanation says {@code kind} and names exactly these handles. */
  private void assertViolation(String kind, History.Handle... offenders) {
    CheckResult result = checker.check(history);
    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.explanation());
    assertTrue(result.explanation().contains(kind), result::toString);
    Set<Integer> named = result.offenders().stream().map(Operation::id).collect(Collectors.toSet());
    for (History.Handle offender : offenders) {
      assertTrue(named.contains(offender.id()), offender + " not named in " + result);
    }
  }

  @Test
  void emptyHistoryIsLinearizable() {
    assertLinearizable();
  }

  @Test
  void sequentialAppendsAndReadsAreLinearizable() {
    answered(1, read(), 0, 5);
    answered(1, append(1), 10, 20, 1L);
    answered(2, append(2), 30, 40, 1L, 2L);
    answered(1, read(), 50, 60, 1L, 2L);
    assertLinearizable();
  }

  @Test
  void concurrentAppendsMayLandInTheOrderOppositeToTheirInvocations() {
    answered(1, append(1), 0, 30, 2L, 1L);
    answered(2, append(2), 10, 20, 2L);
    answered(3, read(), 5, 25, 2L);
    assertLinearizable();
  }

  @Test
  void appendReturningAListThatDoesNotEndWithItsOwnValueIsRejected() {
    answered(1, append(1), 0, 10, 1L);
    History.Handle bad = answered(2, append(2), 20, 30, 2L, 1L);
    assertViolation("does not end with its own value", bad);
  }

  @Test
  void listsThatAreNotPrefixesOfOneAnotherAreRejected() {
    History.Handle first = answered(1, append(1), 0, 100, 1L);
    History.Handle second = answered(2, append(2), 0, 100, 2L);
    assertViolation("diverge at index 0", first, second);
  }

  @Test
  void duplicatedWriteIsRejected() {
    History.Handle once = answered(1, append(1), 0, 10, 1L);
    answered(2, append(2), 20, 30, 1L, 2L);
    History.Handle reader = answered(3, read(), 40, 50, 1L, 2L, 1L);
    assertViolation("duplicated write", once, reader);
  }

  @Test
  void readOfAValueNeverWrittenIsRejected() {
    answered(1, append(1), 0, 10, 1L);
    History.Handle reader = answered(2, read(), 20, 30, 1L, 99L);
    assertViolation("never written", reader);
  }

  @Test
  void lostWriteIsRejected() {
    History.Handle write = answered(1, append(1), 0, 10, 1L);
    History.Handle reader = answered(2, read(), 20, 30);
    assertViolation("lost write", write, reader);
  }

  @Test
  void staleReadAfterALongerReadIsRejected() {
    answered(1, append(1), 0, 10, 1L);
    answered(1, append(2), 5, 100, 1L, 2L); // Still running, so only the read says it happened.
    History.Handle fresh = answered(2, read(), 20, 30, 1L, 2L);
    History.Handle stale = answered(3, read(), 40, 50, 1L);
    assertViolation("stale read", fresh, stale);
  }

  @Test
  void realTimeOrderOfAppendsViolatedIsRejected() {
    History.Handle earlier = answered(1, append(1), 0, 10, 2L, 1L);
    History.Handle later = answered(2, append(2), 20, 30, 2L);
    assertViolation("real-time order violated", earlier, later);
  }

  @Test
  void readOfAValueNotYetWrittenIsRejected() {
    History.Handle early = answered(1, read(), 0, 10, 5L);
    History.Handle write = answered(2, append(5), 20, 30, 5L);
    assertViolation("not yet written", early, write);
  }

  @Test
  void operationsTouchingAtOneTickAreConcurrent() {
    answered(1, read(), 0, 10, 5L);
    answered(2, append(5), 10, 20, 5L);
    assertLinearizable();
  }

  @Test
  void indeterminateAppendMayHaveTakenEffect() {
    timedOut(1, append(1), 0);
    answered(2, read(), 10, 20, 1L);
    assertLinearizable();
  }

  @Test
  void indeterminateAppendMayNotHaveTakenEffect() {
    timedOut(1, append(1), 0);
    answered(2, append(2), 10, 20, 2L);
    answered(2, read(), 30, 40, 2L);
    assertLinearizable();
  }

  @Test
  void indeterminateAppendMayTakeEffectLongAfterItsClientGaveUp() {
    timedOut(1, append(1), 0);
    answered(2, read(), 10, 20);
    answered(2, append(2), 30, 40, 1L, 2L);
    assertLinearizable();
  }

  @Test
  void indeterminateAppendCannotTakeEffectBeforeItsInvocation() {
    History.Handle early = answered(1, read(), 0, 10, 7L);
    History.Handle late = history.invoke(2, append(7), 20);
    history.indeterminate(late);
    assertViolation("not yet written", early, late);
  }

  @Test
  void twoAppendsOfOneValueAreAMalformedHistory() {
    answered(1, append(1), 0, 10, 1L);
    answered(2, append(1), 20, 30, 1L, 1L);
    assertThrows(IllegalArgumentException.class, () -> checker.check(history));
  }

  @Test
  void outputThatIsNotAListIsAMalformedHistory() {
    history.complete(history.invoke(1, read(), 0), 3L, 10);
    assertThrows(IllegalArgumentException.class, () -> checker.check(history));
  }
}
