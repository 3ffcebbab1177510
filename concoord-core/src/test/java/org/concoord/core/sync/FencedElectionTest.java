package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.releasedTo;
import static org.concoord.core.sync.SyncCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class FencedElectionTest {
  private final ObjectHost host = new ObjectHost(FencedElection.class);

  @Test
  void candidatesLeadInArrivalOrderUnderTheirNamesWithGrowingTerms() {
    assertEquals(1L, ok(call(host, 1, 1, "campaign", "ann")));
    parked(call(host, 2, 1, "campaign", "bob"));
    parked(call(host, 3, 1, "campaign", "cat"));
    assertEquals(2L, releasedTo(call(host, 1, 2, "resign"), 2));
    assertEquals("bob", ok(call(host, 9, 1, "leader")));
    assertEquals(3L, releasedTo(host.sessionExpired(2), 3));
    assertEquals("cat", ok(call(host, 9, 2, "leader")));
    assertEquals(List.of(), call(host, 3, 2, "resign").releases());
    assertNull(ok(call(host, 9, 3, "leader")));
    assertEquals(3L, ok(call(host, 9, 4, "term")));
  }

  @Test
  void anExpiredCandidateIsPassedOver() {
    call(host, 1, 1, "campaign", "ann");
    parked(call(host, 2, 1, "campaign", "bob"));
    parked(call(host, 3, 1, "campaign", "cat"));
    assertEquals(List.of(), host.sessionExpired(2));
    assertEquals(2L, releasedTo(call(host, 1, 2, "resign"), 3));
    assertEquals("cat", ok(call(host, 9, 1, "leader")));
  }

  @Test
  void onlyTheLeaderResignsAndNoOneCampaignsNamelessOrTwice() {
    call(host, 1, 1, "campaign", "ann");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 2, 1, "resign")));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 1, 2, "campaign", "x")));
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 2, 2, "campaign", "")));
  }
}
