package org.concoord.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;

/**
 * Quorum intersection, exhaustively: for every acceptor set of 1..6 members, every pair of subsets
 * that both count as quorums shares an acceptor (the fact Paxos safety rests on). Outsiders added
 * to a voter set never turn a minority into a quorum.
 */
class QuorumPropertiesTest {

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void anyTwoQuorumsOfAViewIntersect(@ForAll @IntRange(min = 1, max = 6) int acceptorCount) {
    List<NodeId> acceptors = nodes("a", acceptorCount);
    View view = View.initial(List.of(NodeId.of("r1")), acceptors);
    int subsets = 1 << acceptorCount;
    for (int first = 0; first < subsets; first++) {
      if (!view.isQuorum(subset(acceptors, first))) {
        continue;
      }
      for (int second = 0; second < subsets; second++) {
        if (view.isQuorum(subset(acceptors, second))) {
          assertTrue((first & second) != 0, "disjoint quorums " + first + " and " + second);
        }
      }
    }
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void aSubsetIsAQuorumExactlyWhenItHoldsAStrictMajority(
      @ForAll @IntRange(min = 1, max = 6) int acceptorCount) {
    List<NodeId> acceptors = nodes("a", acceptorCount);
    View view = View.initial(List.of(NodeId.of("r1")), acceptors);
    for (int mask = 0; mask < 1 << acceptorCount; mask++) {
      boolean majority = 2 * Integer.bitCount(mask) > acceptorCount;
      assertEquals(majority, view.isQuorum(subset(acceptors, mask)), "mask " + mask);
    }
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void outsidersNeverTurnAMinorityIntoAQuorum(
      @ForAll @IntRange(min = 1, max = 5) int acceptorCount,
      @ForAll @IntRange(min = 0, max = 6) int outsiderCount) {
    List<NodeId> acceptors = nodes("a", acceptorCount);
    View view = View.initial(List.of(NodeId.of("r1")), acceptors);
    List<NodeId> outsiders = nodes("x", outsiderCount);
    outsiders.add(NodeId.of("r1")); // a replica is no acceptor either
    for (int mask = 0; mask < 1 << acceptorCount; mask++) {
      Set<NodeId> voters = new HashSet<>(subset(acceptors, mask));
      boolean before = view.isQuorum(voters);
      voters.addAll(outsiders);
      assertEquals(before, view.isQuorum(voters), "mask " + mask);
    }
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void repeatingVotersNeverChangesTheVerdict(
      @ForAll @IntRange(min = 1, max = 5) int acceptorCount,
      @ForAll @IntRange(min = 2, max = 4) int repeats) {
    List<NodeId> acceptors = nodes("a", acceptorCount);
    View view = View.initial(List.of(NodeId.of("r1")), acceptors);
    for (int mask = 0; mask < 1 << acceptorCount; mask++) {
      List<NodeId> voters = subset(acceptors, mask);
      List<NodeId> repeated = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        repeated.addAll(voters);
      }
      assertEquals(view.isQuorum(voters), view.isQuorum(repeated), "mask " + mask);
    }
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void quorumSurvivesTheViewChangesOfOneAcceptor(
      @ForAll @IntRange(min = 2, max = 6) int acceptorCount) {
    // A removal keeps at least one acceptor, so the reduced view still has a quorum.
    List<NodeId> acceptors = nodes("a", acceptorCount);
    View view = View.initial(List.of(NodeId.of("r1")), acceptors);
    for (NodeId removed : acceptors) {
      View smaller = view.apply(Reconfigure.remove(Role.ACCEPTOR, removed));
      assertFalse(smaller.acceptors().contains(removed));
      assertTrue(smaller.isQuorum(smaller.acceptors()));
    }
  }

  private static List<NodeId> nodes(String prefix, int count) {
    List<NodeId> nodes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      nodes.add(NodeId.of(prefix + i));
    }
    return nodes;
  }

  private static List<NodeId> subset(List<NodeId> all, int mask) {
    List<NodeId> chosen = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        chosen.add(all.get(i));
      }
    }
    return chosen;
  }
}
