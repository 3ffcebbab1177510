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

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  private final ObjectHost host = new ObjectHost(LeaderElection.class);

  @Test
  void theFirstCandidateLeadsAtOnceInTermOne() {
    assertNull(ok(call(host, 9, 1, "leader")));
    assertEquals(1L, ok(call(host, 1, 1, "campaign", "ann")));
    assertEquals("ann", ok(call(host, 9, 2, "leader")));
    assertEquals(1L, ok(call(host, 9, 3, "term")));
  }

  @Test
  void laterCandidatesParkAndLeadInTurnWithGrowingTerms() {
    call(host, 1, 1, "campaign", "ann");
    parked(call(host, 2, 1, "campaign", "bob"));
    parked(call(host, 3, 1, "campaign", "cat"));
    assertEquals(2L, releasedTo(call(host, 1, 2, "resign"), 2));
    assertEquals("bob", ok(call(host, 9, 1, "leader")));
    assertEquals(3L, releasedTo(call(host, 2, 2, "resign"), 3));
    assertEquals("cat", ok(call(host, 9, 2, "leader")));
    assertEquals(List.of(), call(host, 3, 2, "resign").releases());
    assertNull(ok(call(host, 9, 3, "leader")));
    assertEquals(3L, ok(call(host, 9, 4, "term")), "the term stays after the last resigns");
  }

  @Test
  void theLeadersSessionExpiryMakesTheNextCandidateLeader() {
    call(host, 1, 1, "campaign", "ann");
    parked(call(host, 2, 1, "campaign", "bob"));
    var releases = host.sessionExpired(1);
    assertEquals(List.of(2L), clients(releases));
    assertEquals(2L, unblocked(releases.get(0)));
    assertEquals("bob", ok(call(host, 9, 1, "leader")));
  }

  @Test
  void anExpiredCandidateIsPassedOver() {
    call(host, 1, 1, "campaign", "ann");
    parked(call(host, 2, 1, "campaign", "bob"));
    parked(call(host, 3, 1, "campaign", "cat"));
    host.sessionExpired(2);
    releasedTo(call(host, 1, 2, "resign"), 3);
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
