package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class LatchTest {
  private final ObjectHost host = new ObjectHost(Latch.class);

  @Test
  void theCountDownReachingZeroReleasesEveryWaiterAndLaterAwaitsReturnAtOnce() {
    ok(call(host, 9, 1, "setCount", 2));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    var first = call(host, 9, 2, "countDown");
    assertEquals(1L, ok(first));
    assertEquals(List.of(), first.releases());
    assertEquals(List.of(1L, 2L), clients(call(host, 9, 3, "countDown")));
    assertNull(ok(call(host, 3, 1, "await")));
    assertEquals(0L, ok(call(host, 9, 4, "countDown")), "not below zero");
  }

  @Test
  void anExpiredWaiterIsNotReleased() {
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    assertEquals(List.of(), host.sessionExpired(1));
    assertEquals(List.of(2L), clients(call(host, 9, 1, "countDown")));
  }

  @Test
  void settingTheCountToZeroOpensTheLatchAndANegativeCountIsRefused() {
    parked(call(host, 1, 1, "await"));
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 9, 1, "setCount", -1)));
    assertEquals(List.of(1L), clients(call(host, 9, 2, "setCount", 0)));
  }
}
