package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.concoord.objects.Calls.thrown;
import static org.concoord.objects.Calls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class ConditionTest {
  private static final long ANN = 1;
  private static final long BOB = 2;
  private static final long CAT = 3;

  private final ObjectHost host = new ObjectHost(Condition.class);

  @Test
  void awaitReleasesTheLockAndSignalHandsItBackAfterTheSignallerReleases() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    parked(call(host, ANN, 2, "await"));
    assertNull(ok(call(host, BOB, 1, "holder")), "await released the lock");
    assertEquals(2L, ok(call(host, BOB, 2, "acquire")));
    assertEquals(1L, ok(call(host, BOB, 3, "signal", 1)));
    assertEquals(3L, releasedTo(call(host, BOB, 4, "release"), ANN));
    assertEquals(ANN, ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void awaitThatHandsTheLockToAWaitingAcquirerStillParksTheAwaiter() {
    // The original's bug: the release inside wait unblocked the acquirer and lost the waiter.
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    Execution await = parked(call(host, ANN, 2, "await"));
    assertEquals(2L, releasedTo(await, BOB));
    assertEquals(1L, ok(call(host, CAT, 1, "awaiting")));
    ok(call(host, BOB, 2, "signal", 1));
    assertEquals(3L, releasedTo(call(host, BOB, 3, "release"), ANN));
  }

  @Test
  void noWaiterIsLostWhenManyAwaitAndAllAreSignalled() {
    long clients = 6;
    for (long c = 1; c <= clients; c++) {
      call(host, c, 1, "acquire"); // client 1 holds the lock; the others queue for it
    }
    List<Long> awaited = new ArrayList<>();
    long holder = ANN;
    for (int i = 0; i < clients; i++) {
      Execution await = parked(call(host, holder, 2, "await"));
      awaited.add(holder);
      if (i < clients - 1) {
        holder = await.releases().get(0).clientId();
      }
    }
    assertEquals(clients, ((Number) ok(call(host, 99, 1, "awaiting"))).longValue());
    ok(call(host, 99, 2, "acquire"));
    assertEquals(clients, ((Number) ok(call(host, 99, 3, "signalAll"))).longValue());
    List<Long> woken = new ArrayList<>(clients(call(host, 99, 4, "release").releases()));
    for (int i = 1; i < clients; i++) {
      woken.addAll(clients(call(host, woken.get(woken.size() - 1), 3, "release").releases()));
    }
    assertEquals(awaited, woken, "every awaiter got the lock back, in order");
    assertTrue(host.parked().isEmpty());
  }

  @Test
  void signalWakesOnlyAsManyAsAsked() {
    call(host, ANN, 1, "acquire");
    parked(call(host, ANN, 2, "await"));
    call(host, BOB, 1, "acquire");
    parked(call(host, BOB, 2, "await"));
    call(host, CAT, 1, "acquire");
    assertEquals(1L, ok(call(host, CAT, 2, "signal", 1)));
    releasedTo(call(host, CAT, 3, "release"), ANN);
    assertEquals(1L, ok(call(host, CAT, 4, "awaiting")));
    assertEquals(1L, ok(call(host, ANN, 3, "signalAll")), "signalAll moves the rest");
    assertEquals(0L, ok(call(host, ANN, 4, "signalAll")));
  }

  @Test
  void awaitOrSignalWithoutTheLockThrows() {
    assertEquals("java.lang.IllegalStateException", thrown(call(host, ANN, 1, "await")));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, ANN, 2, "signalAll")));
    assertTrue(host.parked().isEmpty(), "a refused await does not park");
    call(host, BOB, 1, "acquire");
    assertEquals(
        "java.lang.IllegalStateException",
        thrown(call(host, ANN, 3, "signal", 1)),
        "only the holder signals");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, BOB, 2, "acquire")));
  }

  @Test
  void sessionExpiryOfTheHolderHandsTheLockOnAndDropsItsWaits() {
    call(host, ANN, 1, "acquire");
    parked(call(host, ANN, 2, "await"));
    call(host, BOB, 1, "acquire");
    parked(call(host, CAT, 1, "acquire"));
    host.sessionExpired(ANN);
    assertEquals(0L, ok(call(host, BOB, 2, "awaiting")));
    var releases = host.sessionExpired(BOB);
    assertEquals(List.of(CAT), clients(releases));
    assertEquals(3L, unblocked(releases.get(0)));
    assertEquals(List.of(), host.sessionExpired(BOB), "told twice, nothing more happens");
    assertEquals(0L, ok(call(host, CAT, 2, "signalAll")));
    ok(call(host, CAT, 3, "release"));
    assertNull(ok(call(host, 9, 1, "holder")));
  }
}
