package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.thrown;
import static org.concoord.objects.Calls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class MeshMembershipTest {
  private final ObjectHost host = new ObjectHost(MeshMembership.class);

  private void join(String node) {
    long epoch = (Long) ok(call(host, 9, 0, "epoch", "g"));
    assertEquals(approval(true, epoch + 1), ok(call(host, 9, 0, "approveJoin", "g", node, epoch)));
  }

  @Test
  void aJoinAtTheCurrentEpochIsApprovedAndBumpsIt() {
    ok(call(host, 9, 1, "addGroup", "g", 2));
    join("a");
    assertEquals("DEGRADED", ok(call(host, 9, 2, "state", "g")));
    join("b");
    assertEquals("STABLE", ok(call(host, 9, 3, "state", "g")));
    assertEquals(List.of("a", "b"), ok(call(host, 9, 4, "members", "g")));
  }

  @Test
  void aJoinAtAStaleEpochIsRefusedWithTheCurrentOne() {
    ok(call(host, 9, 1, "addGroup", "g", 1));
    join("a");
    assertEquals(approval(false, 1L), ok(call(host, 9, 2, "approveJoin", "g", "b", 0)));
  }

  @Test
  void aNodeStruckByHalfTheOtherMembersIsRemoved() {
    ok(call(host, 9, 1, "addGroup", "g", 1));
    for (String node : List.of("a", "b", "c", "d", "e")) {
      join(node);
    }
    assertEquals(false, ok(call(host, 9, 2, "notifyFailure", "g", 5, "e", "a")));
    assertEquals(false, ok(call(host, 9, 3, "notifyFailure", "g", 5, "e", "a")), "once each");
    assertEquals(true, ok(call(host, 9, 4, "notifyFailure", "g", 5, "e", "b")));
    assertEquals(6L, ok(call(host, 9, 5, "epoch", "g")));
    assertEquals(false, ok(call(host, 9, 6, "checkMember", "g", "e")));
  }

  @Test
  void awaitChangeParksUntilTheNextEpochAndReleasesEveryWatcher() {
    ok(call(host, 9, 1, "addGroup", "g", 1));
    parked(call(host, 1, 1, "awaitChange", "g", 0));
    parked(call(host, 2, 1, "awaitChange", "g", 0));
    assertEquals(0L, ok(call(host, 3, 1, "awaitChange", "g", -1)), "already past: no wait");
    var join = call(host, 9, 2, "approveJoin", "g", "a", 0);
    assertEquals(List.of(1L, 2L), clients(join.releases()));
    assertEquals(1L, unblocked(join.releases().get(0)));
  }

  @Test
  void removingAGroupFailsItsWatchers() {
    ok(call(host, 9, 1, "addGroup", "g", 1));
    parked(call(host, 1, 1, "awaitChange", "g", 0));
    var remove = call(host, 9, 2, "removeGroup", "g");
    assertEquals(List.of(1L), clients(remove.releases()));
    assertEquals("java.util.NoSuchElementException", thrown(call(host, 9, 3, "epoch", "g")));
  }

  /** An Approval record as a reply decodes untyped: a map by component name. */
  private static java.util.Map<String, Object> approval(boolean approved, long epoch) {
    return java.util.Map.of("approved", approved, "epoch", epoch);
  }
}
