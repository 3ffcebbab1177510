package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

class PlacementTest {
  @Property
  void noHostHoldsMoreThanItsShareOfAnyRole(
      @ForAll @IntRange(min = 1, max = 9) int hosts,
      @ForAll @IntRange(min = 1, max = 11) int replicas,
      @ForAll @IntRange(min = 1, max = 11) int acceptors,
      @ForAll @IntRange(min = 0, max = 5) int nameservers) {
    Placement placement = Placement.of(hosts, replicas, acceptors, nameservers);
    for (int host = 0; host < hosts; host++) {
      assertTrue(placement.count(Role.REPLICA, host) <= ceil(replicas, hosts));
      assertTrue(placement.count(Role.ACCEPTOR, host) <= ceil(acceptors, hosts));
      assertTrue(placement.count(Role.NAMESERVER, host) <= ceil(nameservers, hosts));
    }
    assertEquals(ceil(replicas, hosts), placement.worstLoss(Role.REPLICA));
    assertEquals(ceil(acceptors, hosts), placement.worstLoss(Role.ACCEPTOR));
  }

  @Property
  void hostsNodeCountsDifferByAtMostOne(
      @ForAll @IntRange(min = 1, max = 9) int hosts,
      @ForAll @IntRange(min = 1, max = 11) int replicas,
      @ForAll @IntRange(min = 1, max = 11) int acceptors,
      @ForAll @IntRange(min = 0, max = 5) int nameservers) {
    Placement placement = Placement.of(hosts, replicas, acceptors, nameservers);
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int host = 0; host < hosts; host++) {
      int nodes = 0;
      for (Role role : Role.values()) {
        nodes += placement.count(role, host);
      }
      min = Math.min(min, nodes);
      max = Math.max(max, nodes);
    }
    assertTrue(max - min <= 1, "node counts per host range from " + min + " to " + max);
    assertEquals(replicas + acceptors + nameservers, placement.nodes().size());
  }

  @Property
  void survivesOneHostExactlyWhenAReplicaAndAnAcceptorMajorityRemain(
      @ForAll @IntRange(min = 1, max = 9) int hosts,
      @ForAll @IntRange(min = 1, max = 11) int replicas,
      @ForAll @IntRange(min = 1, max = 11) int acceptors) {
    Placement placement = Placement.of(hosts, replicas, acceptors, 0);
    boolean expected = true;
    for (int host = 0; host < hosts; host++) {
      int replicasLeft = replicas - placement.count(Role.REPLICA, host);
      int acceptorsLeft = acceptors - placement.count(Role.ACCEPTOR, host);
      expected &= replicasLeft >= 1 && acceptorsLeft > acceptors / 2;
    }
    assertEquals(expected, placement.survivesAnyOneHost());
  }

  @Test
  void threeAndThreeOnThreeHostsPutOneReplicaAndOneAcceptorOnEach() {
    Placement placement = Placement.of(3, 3, 3, 1);
    assertEquals(
        List.of(
            new Placement.Placed(Role.REPLICA, 0, 0),
            new Placement.Placed(Role.REPLICA, 1, 1),
            new Placement.Placed(Role.REPLICA, 2, 2),
            new Placement.Placed(Role.ACCEPTOR, 0, 0),
            new Placement.Placed(Role.ACCEPTOR, 1, 1),
            new Placement.Placed(Role.ACCEPTOR, 2, 2),
            new Placement.Placed(Role.NAMESERVER, 0, 0)),
        placement.nodes());
    assertTrue(placement.survivesAnyOneHost());
  }

  @Test
  void acceptorsStartWhereReplicasStoppedSoTwoHostsShareTheLoad() {
    // 3 replicas on 2 hosts: h0 h1 h0; the acceptors go on h1 h0 h1, not h0 h1 h0.
    Placement placement = Placement.of(2, 3, 3, 0);
    assertEquals(3, placement.count(Role.REPLICA, 0) + placement.count(Role.ACCEPTOR, 0));
    assertEquals(3, placement.count(Role.REPLICA, 1) + placement.count(Role.ACCEPTOR, 1));
    assertFalse(placement.survivesAnyOneHost(), "2 of 3 acceptors on one host");
    assertTrue(placement.summary().contains("WARNING"), placement.summary());
  }

  @Test
  void oneHostHoldsEverythingAndSurvivesNothing() {
    Placement placement = Placement.of(1, 2, 3, 1);
    assertEquals(3, placement.worstLoss(Role.ACCEPTOR));
    assertFalse(placement.survivesAnyOneHost());
  }

  @Test
  void refusesNoHostsAndNoReplicas() {
    assertThrows(IllegalArgumentException.class, () -> Placement.of(0, 3, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> Placement.of(2, 0, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> Placement.of(2, 1, 0, 0));
  }

  private static int ceil(int count, int hosts) {
    return (count + hosts - 1) / hosts;
  }
}
