package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.thrown;
import static org.concoord.core.sync.SyncCalls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class GenerationBarrierTest {
  private final ObjectHost host = new ObjectHost(GenerationBarrier.class);

  @Test
  void theLastArrivalReleasesEveryPartyWithTheGenerationNumber() {
    ok(call(host, 9, 1, "setParties", 3));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 2, 1, "await"));
    var last = call(host, 3, 1, "await");
    assertEquals(0L, ok(last));
    assertEquals(List.of(1L, 2L), clients(last));
    last.releases().forEach(release -> assertEquals(0L, unblocked(release)));
    assertEquals(1L, ok(call(host, 9, 2, "generation")));
    parked(call(host, 1, 2, "await"));
    assertEquals(1L, ok(call(host, 9, 3, "waiting")));
  }

  @Test
  void anExpiredPartyNoLongerCountsAsArrived() {
    parked(call(host, 1, 1, "await"));
    host.sessionExpired(1);
    assertEquals(0L, ok(call(host, 9, 1, "waiting")));
    parked(call(host, 2, 1, "await"));
    assertEquals(List.of(2L), clients(call(host, 3, 1, "await")));
  }

  @Test
  void aRetriedArrivalCountsOnce() {
    ok(call(host, 9, 1, "setParties", 3));
    parked(call(host, 1, 1, "await"));
    parked(call(host, 1, 1, "await"));
    assertEquals(1L, ok(call(host, 9, 2, "waiting")));
    parked(call(host, 2, 1, "await"));
  }

  @Test
  void partiesChangeOnlyWhileNobodyWaits() {
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 9, 1, "setParties", 0)));
    parked(call(host, 1, 1, "await"));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 9, 2, "setParties", 5)));
    assertEquals(2L, ok(call(host, 9, 3, "parties")));
  }
}
