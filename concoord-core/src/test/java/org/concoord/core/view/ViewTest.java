package org.concoord.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.junit.jupiter.api.Test;

/** Membership rules: majorities of distinct members, and changes that keep the instance alive. */
class ViewTest {
  private static final NodeId R1 = NodeId.of("r1");
  private static final NodeId R2 = NodeId.of("r2");
  private static final NodeId A1 = NodeId.of("a1");
  private static final NodeId A2 = NodeId.of("a2");
  private static final NodeId A3 = NodeId.of("a3");
  private static final NodeId N1 = NodeId.of("n1");

  private final View view = View.initial(List.of(R1), List.of(A1, A2, A3));

  @Test
  void quorumSizeIsAStrictMajority() {
    assertEquals(1, View.initial(List.of(R1), List.of(A1)).quorumSize());
    assertEquals(2, View.initial(List.of(R1), List.of(A1, A2)).quorumSize());
    assertEquals(2, view.quorumSize());
    assertEquals(3, view.apply(Reconfigure.add(Role.ACCEPTOR, NodeId.of("a4"))).quorumSize());
  }

  @Test
  void majorityOfMembersIsAQuorumAndMinorityIsNot() {
    assertTrue(view.isQuorum(Set.of(A1, A3)));
    assertFalse(view.isQuorum(Set.of(A2)));
    assertFalse(view.isQuorum(Set.of()));
  }

  @Test
  void outsidersNeverCountTowardAQuorum() {
    assertFalse(view.isQuorum(Set.of(A1, R1, NodeId.of("a9"))));
    assertFalse(view.isQuorum(List.of(A1, N1, NodeId.of("a4"), NodeId.of("a5"))));
  }

  @Test
  void duplicateVotersNeverCountTwice() {
    // Paxos quorums are sets of distinct acceptors; [a1, a1] is one acceptor of three.
    assertFalse(view.isQuorum(List.of(A1, A1)));
    assertFalse(view.isQuorum(List.of(A2, A2, A2)));
  }

  @Test
  void removingTheLastReplicaOrAcceptorIsRefused() {
    View single = View.initial(List.of(R1), List.of(A1));
    assertFalse(single.permits(Reconfigure.remove(Role.REPLICA, R1)));
    assertFalse(single.permits(Reconfigure.remove(Role.ACCEPTOR, A1)));
  }

  @Test
  void removingOneOfSeveralMembersIsPermitted() {
    View two = View.initial(List.of(R1, R2), List.of(A1, A2));
    assertTrue(two.permits(Reconfigure.remove(Role.REPLICA, R2)));
    assertTrue(two.permits(Reconfigure.remove(Role.ACCEPTOR, A1)));
  }

  @Test
  void removingTheLastNameserverIsPermitted() {
    View withNameserver = view.apply(Reconfigure.add(Role.NAMESERVER, N1));
    assertTrue(withNameserver.permits(Reconfigure.remove(Role.NAMESERVER, N1)));
  }

  @Test
  void removingANonMemberIsRefused() {
    assertFalse(view.permits(Reconfigure.remove(Role.ACCEPTOR, NodeId.of("a9"))));
    assertFalse(view.permits(Reconfigure.remove(Role.REPLICA, A1)));
  }

  @Test
  void addingAMemberTwiceIsRefused() {
    Reconfigure add = Reconfigure.add(Role.ACCEPTOR, NodeId.of("a4"));
    assertTrue(view.permits(add));
    assertFalse(view.apply(add).permits(add));
    assertFalse(view.permits(Reconfigure.add(Role.REPLICA, R1)));
  }

  @Test
  void applyAddsToTheNamedRoleOnlyAndIncrementsTheEpoch() {
    View next = view.apply(Reconfigure.add(Role.REPLICA, R2));
    assertEquals(view.epoch() + 1, next.epoch());
    assertEquals(Set.of(R1, R2), next.replicas());
    assertEquals(view.acceptors(), next.acceptors());
    assertEquals(view.nameservers(), next.nameservers());
  }

  @Test
  void applyRemovesFromTheNamedRoleAndIncrementsTheEpoch() {
    View next =
        view.apply(Reconfigure.remove(Role.ACCEPTOR, A2))
            .apply(Reconfigure.remove(Role.ACCEPTOR, A3));
    assertEquals(2, next.epoch());
    assertEquals(Set.of(A1), next.acceptors());
  }

  @Test
  void learnersAreReplicasAndNameservers() {
    View next = view.apply(Reconfigure.add(Role.NAMESERVER, N1));
    assertEquals(Set.of(R1, N1), next.learners());
  }

  @Test
  void membersIterateInAddressOrder() {
    View unsorted = View.initial(List.of(R2, R1), List.of(A3, A1, A2));
    assertEquals(List.of(R1, R2), List.copyOf(unsorted.replicas()));
    assertEquals(List.of(A1, A2, A3), List.copyOf(unsorted.acceptors()));
  }

  @Test
  void viewsWithTheSameMembersAndEpochAreEqual() {
    assertEquals(View.initial(List.of(R1), List.of(A3, A2, A1)), view);
    assertEquals(view.hashCode(), View.initial(List.of(R1), List.of(A3, A2, A1)).hashCode());
  }
}
