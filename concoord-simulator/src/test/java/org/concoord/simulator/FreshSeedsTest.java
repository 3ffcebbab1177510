package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A time-boxed batch of seeds never run before (drawn from the clock), so every build explores new
 * schedules. The budget is {@code -Dconcoord.fresh.seconds} (the pom and CI give 45; 60 without
 * the property; capped at 180); 0 skips the batch. A failure names the seed and the command.
 */
class FreshSeedsTest {
  @Test
  void freshSeedsPassForTheTimeBudget() {
    long seconds = Math.min(180, Long.getLong("concoord.fresh.seconds", 60));
    assumeTrue(seconds > 0, "fresh seeds skipped: -Dconcoord.fresh.seconds=0");
    long first = System.currentTimeMillis() * 1000;
    System.out.println("fresh seeds from " + first + " for " + seconds + " s");
    SimulationRunner.Totals totals =
        new SimulationRunner(Set.of(), System.out, false).runFor(first, seconds * 1000, 1);
    System.out.printf(
        "fresh seeds: %d run, %.0f seeds/min, %.1f ops/seed%n",
        totals.seeds(), totals.seedsPerMinute(), totals.opsPerSeed());
    assertEquals(
        0,
        totals.failures(),
        "a fresh seed failed: " + SimulationRunner.reproduceCommand(totals.firstFailingSeed()));
    assertTrue(totals.seeds() > 0, "no seed ran");
  }
}
