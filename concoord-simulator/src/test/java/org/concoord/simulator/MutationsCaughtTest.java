package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.concoord.core.Mutation;
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
}
