package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.thrown;
import static org.concoord.objects.Calls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.junit.jupiter.api.Test;

class BarrierTest {
  private final ObjectHost host = new ObjectHost(Barrier.class);

  @Test
  void theLastArrivalReleasesEveryWaitingPartyAtOnce() {
    ok(call(host, 9, 1, "setParties", 4));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    parked(call(host, 3, 1, "await"));
    Execution last = call(host, 4, 1, "await");
    assertEquals(0L, ok(last));
    assertEquals(List.of(1L, 2L, 3L), clients(last.releases()));
    for (Release release : last.releases()) {
      assertEquals(0L, unblocked(release));
    }
    assertTrue(host.parked().isEmpty());
    assertEquals(1L, ok(call(host, 9, 2, "generation")));
    parked(call(host, 1, 2, "await"));
    assertEquals(1L, ok(call(host, 9, 3, "waiting")));
  }

  @Test
  void generationsAreReusableAndNumbered() {
    parked(call(host, 1, 1, "await"));
    assertEquals(0L, ok(call(host, 2, 1, "await")));
    parked(call(host, 2, 2, "await"));
    Execution second = call(host, 1, 2, "await");
    assertEquals(1L, ok(second));
    assertEquals(1L, unblocked(second.releases().get(0)));
    assertEquals(2L, ok(call(host, 1, 3, "generation")));
  }

  @Test
  void anExpiredPartyNoLongerCountsAsArrived() {
    ok(call(host, 9, 1, "setParties", 3));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    host.sessionExpired(1);
    parked(call(host, 3, 1, "await"));
    Execution last = call(host, 4, 1, "await");
    assertEquals(List.of(2L, 3L), clients(last.releases()));
  }

  @Test
  void partiesCannotChangeWhileSomeWait() {
    parked(call(host, 1, 1, "await"));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 9, 1, "setParties", 5)));
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 9, 2, "setParties", 0)));
    assertEquals(2L, ok(call(host, 9, 3, "parties")), "the refused changes changed nothing");
  }

  @Test
  void aRetriedArrivalCountsOnce() {
    ok(call(host, 9, 1, "setParties", 3));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 1, 1, "await")); // the same call executed again
    assertEquals(1L, ok(call(host, 9, 2, "waiting")));
    parked(call(host, 2, 1, "await"));
  }
}
