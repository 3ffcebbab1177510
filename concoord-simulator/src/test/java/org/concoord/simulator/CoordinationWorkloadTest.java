package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The coordination workload (lock, semaphore, barrier through the real object host) under the same
 * faults as the counter: 100 seeds pass, and each deliberately flawed object is caught within 200
 * seeds, so a pass means something.
 */
class CoordinationWorkloadTest {
  static final int SEEDS = 100;
  static final int FLAW_SEEDS_MAX = 200;

  @Test
  void hundredCoordinationSeedsPass() {
    SimulationRunner.Totals totals =
        new SimulationRunner(
                Set.of(),
                System.out,
                false,
                SimParameters.Workload.COORDINATION,
                LibraryCoordination.class)
            .runCount(1, SEEDS, 1);
    System.out.printf(
        "coordination: %d seeds, %.1f ops/seed%n", totals.seeds(), totals.opsPerSeed());
    assertEquals(
        0,
        totals.failures(),
        "failing seed " + totals.firstFailingSeed() + " (with the coordination workload forced)");
    assertTrue(totals.opsPerSeed() >= 100, "too few ops per seed: " + totals.opsPerSeed());
  }

  static Stream<Class<? extends SimCoordination>> flaws() {
    return Stream.of(
        FlawedCoordinations.LockGrantsTwo.class, FlawedCoordinations.BarrierReleasesLastOnly.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flaws")
  void flawedObjectIsCaughtWithin200Seeds(Class<? extends SimCoordination> flawed) {
    SimulationRunner runner =
        new SimulationRunner(Set.of(), null, false, SimParameters.Workload.COORDINATION, flawed);
    SimulationRunner.Totals totals = runner.runCount(1, FLAW_SEEDS_MAX, 1);
    assertTrue(
        totals.failures() > 0, flawed.getSimpleName() + " survived " + FLAW_SEEDS_MAX + " seeds");
    SimResult caught =
        SimulationRunner.runOne(
            totals.firstFailingSeed(),
            Set.of(),
            SimParameters.draw(totals.firstFailingSeed(), SimParameters.Workload.COORDINATION),
            flawed);
    System.out.println(flawed.getSimpleName() + " caught: " + caught.summary());
  }

  @Test
  void aThirdOfDrawnSeedsRunTheCoordinationWorkloadAndSayItInTheTopology() {
    int coordination = 0;
    for (long seed = 1; seed <= 300; seed++) {
      SimParameters parameters = SimParameters.draw(seed);
      boolean locks = parameters.workload() == SimParameters.Workload.COORDINATION;
      coordination += locks ? 1 : 0;
      assertEquals(locks, parameters.topology().endsWith("/locks"), parameters.topology());
      assertTrue(!locks || parameters.clients() >= SimCoordination.PARTIES, parameters.topology());
    }
    assertTrue(coordination >= 70 && coordination <= 130, coordination + " of 300");
  }
}
