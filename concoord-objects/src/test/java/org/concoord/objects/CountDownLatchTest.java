package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class CountDownLatchTest {
  private final ObjectHost host = new ObjectHost(CountDownLatch.class);

  @Test
  void waitersParkUntilTheCountReachesZeroThenAllAreReleased() {
    ok(call(host, 9, 1, "setCount", 2));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    var first = call(host, 9, 2, "countDown");
    assertEquals(1L, ok(first));
    assertEquals(List.of(), first.releases());
    var second = call(host, 9, 3, "countDown");
    assertEquals(List.of(1L, 2L), clients(second.releases()));
  }

  @Test
  void anOpenLatchDoesNotPark() {
    call(host, 9, 1, "countDown");
    assertNull(ok(call(host, 1, 1, "await")));
    assertEquals(0L, ok(call(host, 9, 2, "countDown")), "never below zero");
  }

  @Test
  void anExpiredWaiterIsNotReleased() {
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    host.sessionExpired(1);
    assertEquals(List.of(2L), clients(call(host, 9, 1, "countDown").releases()));
  }

  @Test
  void settingTheCountToZeroOpensTheLatchAndANegativeCountIsRefused() {
    parked(call(host, 1, 1, "await"));
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 9, 1, "setCount", -1)));
    assertEquals(List.of(1L), clients(call(host, 9, 2, "setCount", 0).releases()));
  }
}
