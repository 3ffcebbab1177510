package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.concoord.core.Mutation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks on issue 14's and issue 20's oracles: each one, on its own, catches the bug it was written
 * for, re-introduced as a mutation, within 200 seeds. An oracle that would stop the run first is
 * switched off, so that the one under test must see the bug itself.
 */
class FaultOraclesCaughtTest {
  static final int SEEDS_MAX = 200;

  @ParameterizedTest(name = "{0} caught by \"{2}\"")
  @CsvSource({
    // A removed replica restarted from an old snapshot campaigns, wins, keeps leading.
    "LEAD_FROM_OUTSIDE_VIEW, , leads from outside the view",
    // ... and its own join requests go nowhere (members hint it at itself).
    "LEAD_FROM_OUTSIDE_VIEW, OUTSIDE_LEADER, never took in",
    // A new leader stamps from its own ticks: the clock jumps (seen without any session) ...
    "CLOCK_FROM_OWN_TICKS, SESSIONS, replicated clock jumped",
    // ... and clients the instance kept hearing lose their sessions (without check-quorum and
    // with every expiry counted, this was seed 6; counting only what the instance heard, and
    // with check-quorum, seed 94).
    "CLOCK_FROM_OWN_TICKS, CLOCK_JUMP, session expired for",
    // Issue 20: a fence short of its drift margin, seen by the lease oracle (a lease read after
    // the new leader proposed) ...
    "LEASE_WITHOUT_DRIFT_MARGIN, , the new leader's fence ended before the lease",
    // ... and, with that oracle off, by the clients: the lease drill's stale read.
    "LEASE_WITHOUT_DRIFT_MARGIN, LEASE, linearizability",
  })
  void oracleCatchesItsBugWithin200Seeds(
      Mutation mutation, Simulation.Oracle off, String expected) {
    long caughtAt = -1;
    String last = null;
    for (long seed = 1; seed <= SEEDS_MAX && caughtAt < 0; seed++) {
      Simulation simulation =
          new Simulation(
              seed, Set.of(mutation), SimParameters.draw(seed), LibraryCoordination.class);
      if (off != null) {
        simulation.without(off);
      }
      SimResult result = simulation.run();
      if (!result.passed()) {
        last = result.failure();
        if (result.failure().contains(expected)) {
          caughtAt = seed;
        }
      }
    }
    System.out.println(mutation + " caught by \"" + expected + "\" at seed " + caughtAt);
    assertTrue(
        caughtAt > 0,
        mutation
            + " not caught by \""
            + expected
            + "\" within "
            + SEEDS_MAX
            + " seeds; last failure: "
            + last);
  }
}
