package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.exception;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.junit.jupiter.api.Test;

class LockTest {
  private static final long ANN = 1;
  private static final long BOB = 2;
  private static final long CAT = 3;

  private final ObjectHost host = new ObjectHost(Lock.class);

  @Test
  void aFreeLockIsAcquiredAtOnceWithTheFirstToken() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    assertEquals(ANN, ok(call(host, BOB, 1, "holder")));
    assertEquals(1L, ok(call(host, BOB, 2, "token")));
  }

  @Test
  void aSecondAcquirerParksAndReleaseResumesItWithTheNextToken() {
    call(host, ANN, 1, "acquire");
    Execution bob = parked(call(host, BOB, 7, "acquire"));
    assertEquals(List.of(), bob.releases());

    Execution release = call(host, ANN, 2, "release");
    assertNull(ok(release));
    assertEquals(2L, releasedTo(release, BOB));
    assertEquals(7, release.releases().get(0).seq());
    assertEquals(BOB, ok(call(host, CAT, 1, "holder")));
    assertEquals(List.of(), host.parked());
  }

  @Test
  void waitersAreServedFirstComeFirstServedWithStrictlyIncreasingTokens() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    parked(call(host, CAT, 1, "acquire"));
    parked(call(host, BOB, 1, "acquire"));
    assertEquals(2L, releasedTo(call(host, ANN, 2, "release"), CAT));
    assertEquals(3L, releasedTo(call(host, CAT, 2, "release"), BOB));
    assertEquals(List.of(), call(host, BOB, 2, "release").releases());
    assertNull(ok(call(host, ANN, 3, "holder")));
    assertEquals(4L, ok(call(host, ANN, 4, "acquire")), "tokens keep growing across grants");
  }

  @Test
  void releaseByANonHolderThrowsAndChangesNothing() {
    call(host, ANN, 1, "acquire");
    assertEquals(
        List.of("java.lang.IllegalStateException", "client 2 does not hold the lock"),
        exception(call(host, BOB, 1, "release")));
    assertEquals(ANN, ok(call(host, BOB, 2, "holder")));
    assertNull(ok(call(host, ANN, 2, "release")), "the holder still can");
  }

  @Test
  void releasingAFreeLockThrows() {
    assertEquals(
        "java.lang.IllegalStateException", exception(call(host, ANN, 1, "release")).get(0));
  }

  @Test
  void reacquiringByTheHolderIsAnErrorNotADeadlock() {
    call(host, ANN, 1, "acquire");
    assertEquals(
        List.of("java.lang.IllegalStateException", "client 1 already holds the lock"),
        exception(call(host, ANN, 2, "acquire")));
  }

  @Test
  void theHoldersSessionExpiryHandsTheLockToTheNextWaiter() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    var releases = host.sessionExpired(ANN);
    assertEquals(List.of(BOB), clients(releases));
    assertEquals(2L, Calls.unblocked(releases.get(0)));
    assertEquals(BOB, ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void anExpiredWaiterIsSkippedAtHandover() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, CAT, 1, "acquire"));
    assertEquals(List.of(), host.sessionExpired(BOB));
    assertEquals(2L, releasedTo(call(host, ANN, 2, "release"), CAT));
  }

  @Test
  void theHolderExpiringWhileTheNextWaiterAlsoExpiredFreesTheLock() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    host.sessionExpired(BOB);
    assertEquals(List.of(), host.sessionExpired(ANN));
    assertNull(ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void beingToldOfAnExpiryTwiceChangesNothingTheSecondTime() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, CAT, 1, "acquire"));
    host.sessionExpired(ANN);
    assertEquals(List.of(), host.sessionExpired(ANN));
    assertEquals(BOB, ok(call(host, 9, 1, "holder")));
    assertEquals(2L, ok(call(host, 9, 2, "token")));
  }

  @Test
  void aRetriedAcquireIsQueuedOnceAndGrantedOnce() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, BOB, 1, "acquire")); // the same call executed again
    assertEquals(List.of(BOB), clients(call(host, ANN, 2, "release").releases()));
    assertEquals(List.of(), call(host, BOB, 2, "release").releases());
    assertNull(ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void initFailsTheWaitersOfTheOldLock() {
    call(host, ANN, 1, "acquire");
    call(host, BOB, 1, "acquire");
    Execution init = call(host, CAT, 1, ObjectHost.INIT_METHOD);
    assertEquals(BOB, init.releases().get(0).clientId());
    assertEquals(Outcome.EXCEPTION, init.releases().get(0).response().outcome());
    assertNull(ok(call(host, CAT, 2, "holder")));
    assertTrue(host.parked().isEmpty());
  }
}
