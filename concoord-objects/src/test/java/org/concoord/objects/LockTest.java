package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.exception;
import static org.concoord.objects.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.concoord.core.host.Response;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

class LockTest {
  private static final long ANN = 1;
  private static final long BOB = 2;
  private static final long CAT = 3;

  private final ObjectHost host = new ObjectHost(Lock.class);

  @Test
  void aFreeLockIsAcquiredAtOnce() {
    assertNull(ok(call(host, ANN, 1, "acquire")));
    assertEquals(ANN, ok(call(host, BOB, 1, "holder")));
  }

  @Test
  void aSecondAcquirerParksAndReleaseResumesIt() {
    call(host, ANN, 1, "acquire");
    Execution bob = call(host, BOB, 7, "acquire");
    assertTrue(bob.isParked());
    assertEquals(List.of(), bob.releases());

    Execution release = call(host, ANN, 2, "release");
    assertNull(ok(release));
    assertEquals(List.of(new Release(BOB, 7,
        new Response(Outcome.UNBLOCKED, ValueCodec.encode(null)))), release.releases());
    assertEquals(BOB, ok(call(host, CAT, 1, "holder")));
    assertEquals(List.of(), host.parked());
  }

  @Test
  void waitersAreServedFirstComeFirstServed() {
    call(host, ANN, 1, "acquire");
    call(host, CAT, 1, "acquire");
    call(host, BOB, 1, "acquire");
    assertEquals(CAT, call(host, ANN, 2, "release").releases().get(0).clientId());
    assertEquals(BOB, call(host, CAT, 2, "release").releases().get(0).clientId());
    Execution last = call(host, BOB, 2, "release");
    assertEquals(List.of(), last.releases());
    assertNull(ok(call(host, ANN, 3, "holder")));
  }

  @Test
  void releaseByANonHolderThrowsAndChangesNothing() {
    call(host, ANN, 1, "acquire");
    assertEquals(List.of("java.lang.IllegalStateException", "client 2 does not hold the lock"),
        exception(call(host, BOB, 1, "release")));
    assertEquals(ANN, ok(call(host, BOB, 2, "holder")));
    assertNull(ok(call(host, ANN, 2, "release")), "the holder still can");
  }

  @Test
  void releasingAFreeLockThrows() {
    assertEquals("java.lang.IllegalStateException",
        exception(call(host, ANN, 1, "release")).get(0));
  }

  @Test
  void reacquiringByTheHolderIsAnErrorNotADeadlock() {
    call(host, ANN, 1, "acquire");
    assertEquals(List.of("java.lang.IllegalStateException", "client 1 already holds the lock"),
        exception(call(host, ANN, 2, "acquire")));
  }

  @Test
  void initFailsTheWaitersOfTheOldLock() {
    call(host, ANN, 1, "acquire");
    call(host, BOB, 1, "acquire");
    Execution init = call(host, CAT, 1, ObjectHost.INIT_METHOD);
    assertEquals(BOB, init.releases().get(0).clientId());
    assertEquals(Outcome.EXCEPTION, init.releases().get(0).response().outcome());
    assertNull(ok(call(host, CAT, 2, "holder")));
  }
}
