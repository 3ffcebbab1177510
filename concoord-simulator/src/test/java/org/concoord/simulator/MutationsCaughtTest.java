package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import org.concoord.core.Mutation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks on the checkers: each deliberately broken role is caught within 200 seeds. If one is not,
 * the oracles (or the fault mix) are too weak to trust a pass.
 */
class MutationsCaughtTest {
  static final int SEEDS_MAX = 200;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mutation.class)
  void brokenRoleIsCaughtWithin200Seeds(Mutation mutation) {
    SimulationRunner.Totals totals =
        new SimulationRunner(EnumSet.of(mutation), null, false).runCount(1, SEEDS_MAX, 1);
    System.out.println(mutation + " caught at seed " + totals.firstFailingSeed());
    assertTrue(totals.failures() > 0, mutation + " survived " + SEEDS_MAX + " seeds");
  }

  /**
   * The divergent replica is caught by the state digests themselves, not only by a client that
   * happened to read from it: within 200 seeds some run fails with the digest check's report.
   */
  @Test
  void divergentReplicaIsReportedByTheDigestCheckWithin200Seeds() {
    for (long seed = 1; seed <= SEEDS_MAX; seed++) {
      SimResult result = SimulationRunner.runOne(seed, EnumSet.of(Mutation.DIVERGE_ONE_REPLICA));
      if (result.failure() != null && result.failure().startsWith("safety: divergence: r0")) {
        System.out.println(
            "digest check caught the divergent replica at seed " + seed + ": " + result.failure());
        return;
      }
    }
    fail("no seed in " + SEEDS_MAX + " reported the divergent replica through its digest");
  }
}
