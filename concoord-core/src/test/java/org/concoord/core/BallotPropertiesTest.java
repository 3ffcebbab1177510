package org.concoord.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Total order laws of {@link Ballot} over a small domain (rounds 0..3, three leaders), so that
 * equal rounds and equal ballots come up often. Rerunning the command reruns a failing seed first.
 */
class BallotPropertiesTest {

  @Provide
  Arbitrary<Ballot> ballots() {
    return Combinators.combine(Arbitraries.longs().between(0, 3), leaders()).as(Ballot::new);
  }

  @Provide
  Arbitrary<NodeId> leaders() {
    return Arbitraries.of("a:1", "b:1", "b:2").map(NodeId::of);
  }

  @Property
  void compareIsAntisymmetric(@ForAll("ballots") Ballot x, @ForAll("ballots") Ballot y) {
    assertEquals(Integer.signum(x.compareTo(y)), -Integer.signum(y.compareTo(x)));
  }

  @Property
  void compareIsTransitive(
      @ForAll("ballots") Ballot x, @ForAll("ballots") Ballot y, @ForAll("ballots") Ballot z) {
    if (x.compareTo(y) <= 0 && y.compareTo(z) <= 0) {
      assertTrue(x.compareTo(z) <= 0, x + " <= " + y + " <= " + z);
    }
  }

  @Property
  void compareIsConsistentWithEquals(@ForAll("ballots") Ballot x, @ForAll("ballots") Ballot y) {
    assertEquals(x.equals(y), x.compareTo(y) == 0);
  }

  @Property
  void exactlyOneOfAboveBelowEqualHolds(@ForAll("ballots") Ballot x, @ForAll("ballots") Ballot y) {
    int holds = (x.isAbove(y) ? 1 : 0) + (x.isBelow(y) ? 1 : 0) + (x.equals(y) ? 1 : 0);
    assertEquals(1, holds);
  }

  @Property
  void nextIsAboveForEveryOwner(@ForAll("ballots") Ballot x, @ForAll("leaders") NodeId owner) {
    assertTrue(x.next(owner).isAbove(x));
    assertEquals(owner, x.next(owner).leader());
  }

  @Property
  void nextIsAboveEveryBallotOfTheSameRound(
      @ForAll("ballots") Ballot x,
      @ForAll("ballots") Ballot sameOrLower,
      @ForAll("leaders") NodeId owner) {
    if (sameOrLower.round() <= x.round()) {
      assertTrue(x.next(owner).isAbove(sameOrLower));
    }
  }

  @Property
  void zeroIsBelowEveryOwnedBallot(@ForAll("ballots") Ballot x, @ForAll("leaders") NodeId owner) {
    assertTrue(Ballot.ZERO.isBelow(x.next(owner)));
  }
}
