package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.concoord.objects.Calls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class SemaphoreTest {
  private static final long ANN = 1;
  private static final long BOB = 2;
  private static final long CAT = 3;

  private final ObjectHost host = new ObjectHost(Semaphore.class);

  @Test
  void oneStartingPermitThenAcquirersParkUntilARelease() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    parked(call(host, BOB, 1, "acquire"));
    assertEquals(2L, releasedTo(call(host, ANN, 2, "release"), BOB));
    assertEquals(0L, ok(call(host, CAT, 1, "available")));
  }

  @Test
  void initSetsThePermitsAndEveryGrantHasALargerToken() {
    ok(call(host, ANN, 1, "init", 2));
    assertEquals(1L, ok(call(host, ANN, 2, "acquire")));
    assertEquals(2L, ok(call(host, BOB, 1, "acquire")));
    parked(call(host, CAT, 1, "acquire"));
    assertEquals(3L, releasedTo(call(host, BOB, 2, "release"), CAT));
    parked(call(host, 4, 1, "acquire"));
    assertEquals(4L, releasedTo(call(host, 9, 1, "release"), 4), "anyone may release");
    assertEquals(0L, ok(call(host, 9, 2, "available")));
  }

  @Test
  void initRefusesNegativePermitsAndASemaphoreInUse() {
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, CAT, 1, "init", -1)));
    call(host, ANN, 1, "acquire");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, ANN, 2, "init", 3)));
    assertEquals(1L, ok(call(host, CAT, 2, "permits")));
  }

  @Test
  void anUnboundedSemaphoreMayBeReleasedBeyondItsPermits() {
    ok(call(host, ANN, 1, "release"));
    assertEquals(2L, ok(call(host, ANN, 2, "available")));
  }

  @Test
  void sessionExpiryReturnsThePermitsTheClientHeldToTheWaiters() {
    ok(call(host, ANN, 1, "init", 2));
    call(host, ANN, 2, "acquire");
    call(host, ANN, 3, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, CAT, 1, "acquire"));
    parked(call(host, ANN, 4, "acquire")); // the expiring client's own waiter is dropped
    assertEquals(List.of(BOB, CAT), clients(host.sessionExpired(ANN)));
    assertEquals(0L, ok(call(host, 9, 1, "available")));
    assertEquals(List.of(), host.sessionExpired(ANN));
    assertEquals(0L, ok(call(host, 9, 2, "available")), "told twice, returned once");
  }

  @Test
  void aRetriedAcquireTakesOnePermit() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, BOB, 1, "acquire")); // the same call executed again
    assertEquals(List.of(BOB), clients(call(host, ANN, 2, "release").releases()));
    ok(call(host, BOB, 2, "release"));
    assertEquals(1L, ok(call(host, 9, 1, "available")));
  }

  @Test
  void anExpiredWaiterGetsNoPermit() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    host.sessionExpired(BOB);
    assertEquals(List.of(), call(host, ANN, 2, "release").releases());
    assertEquals(1L, ok(call(host, ANN, 3, "available")));
  }

  @Test
  void boundedSemaphoreThrowsOnReleaseBeyondItsInitialPermits() {
    ObjectHost bounded = new ObjectHost(BoundedSemaphore.class);
    assertEquals("java.lang.IllegalStateException", thrown(call(bounded, ANN, 1, "release")));
    ok(call(bounded, ANN, 2, "init", 2));
    call(bounded, ANN, 3, "acquire");
    ok(call(bounded, ANN, 4, "release"));
    assertEquals("java.lang.IllegalStateException", thrown(call(bounded, ANN, 5, "release")));
    assertEquals(2L, ok(call(bounded, ANN, 6, "available")), "the failed release changed nothing");
  }

  @Test
  void boundedSemaphoreHandsAReleasedPermitToAWaiter() {
    ObjectHost bounded = new ObjectHost(BoundedSemaphore.class);
    call(bounded, ANN, 1, "acquire");
    parked(call(bounded, BOB, 1, "acquire"));
    assertEquals(2L, releasedTo(call(bounded, ANN, 2, "release"), BOB));
  }
}
