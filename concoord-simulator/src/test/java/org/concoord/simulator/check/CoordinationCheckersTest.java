package org.concoord.simulator.check;

import static org.concoord.simulator.check.BarrierChecker.await;
import static org.concoord.simulator.check.LockModel.acquire;
import static org.concoord.simulator.check.LockModel.release;
import static org.concoord.simulator.check.LockModel.touch;
import static org.concoord.simulator.check.SemaphoreModel.down;
import static org.concoord.simulator.check.SemaphoreModel.up;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.simulator.check.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Hand-written lock, semaphore and barrier histories with known answers. Client {@code c}'s
 * argument is its id {@code c} (the simulator passes 1000 + index; any id will do here).
 */
class CoordinationCheckersTest {
  private final History history = new History();

  private void answered(int client, Input input, long invoke, long complete, Object output) {
    history.complete(history.invoke(client, input, invoke), output, complete);
  }

  private void unanswered(int client, Input input, long invoke) {
    history.indeterminate(history.invoke(client, input, invoke));
  }

  private CheckResult lock() {
    return new LinearizabilityChecker<>(new LockModel()).check(history);
  }

  private CheckResult semaphore() {
    return new LinearizabilityChecker<>(new SemaphoreModel(2)).check(history);
  }

  private CheckResult fencing(String method) {
    return new FencingChecker(method).check(history);
  }

  private CheckResult barrier() {
    return new BarrierChecker(2).check(history);
  }

  private static void assertPasses(CheckResult result) {
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation());
  }

  private static void assertCaught(CheckResult result) {
    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.explanation());
    assertFalse(result.offenders().isEmpty(), "a violation names operations");
  }

  // ---- lock ------------------------------------------------------------------------------------

  @Test
  void blockedAcquireGrantedInsideItsIntervalIsFine() {
    answered(1, acquire(1), 0, 2, 1L);
    answered(2, acquire(2), 1, 20, 2L); // BLOCKED at once, UNBLOCKED at 20
    answered(1, touch(1), 3, 4, 1L);
    answered(1, release(1), 10, 12, null);
    answered(2, touch(2), 21, 22, 2L);
    answered(2, release(2), 23, 24, null);
    assertPasses(lock());
    assertPasses(fencing(LockModel.ACQUIRE));
  }

  @Test
  void concurrentAcquiresMayBeGrantedInEitherOrder() {
    answered(1, acquire(1), 0, 30, 2L);
    answered(2, acquire(2), 5, 10, 1L);
    answered(2, release(2), 11, 12, null);
    answered(1, release(1), 31, 32, null);
    assertPasses(lock());
    assertPasses(fencing(LockModel.ACQUIRE));
  }

  @Test
  void unansweredReleaseMayHaveFreedTheLock() {
    answered(1, acquire(1), 0, 2, 1L);
    unanswered(1, release(1), 3);
    answered(2, acquire(2), 10, 12, 2L);
    assertPasses(lock());
  }

  @Test
  void twoHoldersAtOnceAreCaught() {
    answered(1, acquire(1), 0, 5, 1L);
    answered(2, acquire(2), 10, 15, 2L); // granted while client 1 still holds it
    answered(1, touch(1), 16, 17, 1L);
    answered(1, release(1), 20, 25, null);
    answered(2, release(2), 30, 35, null);
    assertCaught(lock());
  }

  @Test
  void aTouchWithoutTheLockIsCaught() {
    answered(1, acquire(1), 0, 5, 1L);
    answered(2, touch(2), 10, 12, 2L);
    assertCaught(lock());
  }

  @Test
  void aReusedTokenIsCaughtByBothChecks() {
    answered(1, acquire(1), 0, 5, 1L);
    answered(1, release(1), 6, 8, null);
    answered(2, acquire(2), 10, 12, 1L);
    assertCaught(lock());
    assertCaught(fencing(LockModel.ACQUIRE));
  }

  @Test
  void tokensAgainstRealTimeAreCaughtByFencing() {
    answered(1, acquire(1), 0, 5, 2L);
    answered(1, release(1), 6, 8, null);
    answered(2, acquire(2), 10, 12, 1L);
    assertCaught(fencing(LockModel.ACQUIRE));
    assertCaught(lock());
  }

  @Test
  void releaseByANonHolderIsCaught() {
    answered(1, acquire(1), 0, 5, 1L);
    answered(2, release(2), 6, 8, null);
    assertCaught(lock());
  }

  // ---- semaphore -------------------------------------------------------------------------------

  @Test
  void twoPermitsHeldAtOnceAndAThirdDownBlockedUntilAnUpIsFine() {
    answered(1, down(1), 0, 2, 1L);
    answered(2, down(2), 1, 3, 2L);
    answered(3, down(3), 4, 20, 3L); // BLOCKED until client 1's up
    answered(1, up(1), 10, 11, null);
    answered(2, up(2), 12, 13, null);
    answered(3, up(3), 21, 22, null);
    assertPasses(semaphore());
    assertPasses(fencing(SemaphoreModel.DOWN));
  }

  @Test
  void anOverSubscribedSemaphoreIsCaught() {
    answered(1, down(1), 0, 2, 1L);
    answered(2, down(2), 1, 3, 2L);
    answered(3, down(3), 4, 6, 3L); // a third permit, none returned
    answered(1, up(1), 10, 11, null);
    assertCaught(semaphore());
    assertPasses(fencing(SemaphoreModel.DOWN)); // tokens alone look fine: only the model sees it
  }

  @Test
  void anUpWithoutAPermitIsCaught() {
    answered(1, down(1), 0, 2, 1L);
    answered(2, up(2), 3, 4, null);
    assertCaught(semaphore());
  }

  // ---- barrier ---------------------------------------------------------------------------------

  @Test
  void generationsOfTwoEachReleasedAfterBothArrivedAreFine() {
    answered(1, await(1), 0, 10, 0L);
    answered(2, await(2), 5, 10, 0L);
    answered(2, await(2), 11, 30, 1L);
    answered(3, await(3), 20, 30, 1L);
    answered(1, await(1), 31, 40, 2L);
    answered(3, await(3), 35, 40, 2L);
    assertPasses(barrier());
  }

  @Test
  void anUnansweredAwaitMayCompleteAGeneration() {
    answered(1, await(1), 0, 10, 0L);
    unanswered(2, await(2), 5);
    assertPasses(barrier());
  }

  @Test
  void aBarrierReleasedBeforeAllArrivedIsCaught() {
    answered(1, await(1), 0, 5, 0L);
    answered(2, await(2), 10, 15, 0L); // client 1 left before client 2 arrived
    assertCaught(barrier());
  }

  @Test
  void aBarrierThatLeftAWaiterBehindIsCaught() {
    answered(1, await(1), 0, 30, 1L); // arrived first, released only with the next generation
    answered(2, await(2), 2, 5, 0L);
    answered(3, await(3), 10, 30, 1L);
    CheckResult result = barrier();
    assertCaught(result);
    assertTrue(result.explanation().contains("generation 0"), result.explanation());
  }

  @Test
  void aGenerationWithTooManyPartiesIsCaught() {
    answered(1, await(1), 0, 10, 0L);
    answered(2, await(2), 1, 10, 0L);
    answered(3, await(3), 2, 10, 0L);
    unanswered(4, await(4), 3);
    assertCaught(barrier());
  }

  @Test
  void aLaterGenerationLeavingBeforeAnEarlierArrivalIsCaught() {
    answered(1, await(1), 0, 5, 1L);
    answered(2, await(2), 1, 5, 1L);
    answered(3, await(3), 10, 20, 0L);
    answered(4, await(4), 11, 20, 0L);
    assertCaught(barrier());
  }

  @Test
  void aClientGoingBackAGenerationIsCaught() {
    answered(1, await(1), 0, 10, 1L);
    answered(2, await(2), 0, 10, 1L);
    answered(1, await(1), 10, 20, 0L); // invoked as the last one completed: concurrent
    answered(2, await(2), 10, 20, 0L);
    assertCaught(barrier());
  }
}
