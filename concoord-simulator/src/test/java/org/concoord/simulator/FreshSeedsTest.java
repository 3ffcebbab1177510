package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A time-boxed batch of seeds never run before (drawn from the clock), so every build explores new
 * schedules: the first half of the budget with the default object only, the second with the
 * clients' calls spread over named objects too (issue 18: each object's history checked apart). The
 * budget is {@code -Dconcoord.fresh.seconds} (the pom and CI give 45; 60 without the property;
 * capped at 180); 0 skips the batch. A failure names the seed and the command.
 */
class FreshSeedsTest {
  @Test
  void freshSeedsPassForTheTimeBudget() {
    long seconds = Math.min(180, Long.getLong("concoord.fresh.seconds", 60));
    assumeTrue(seconds > 0, "fresh seeds skipped: -Dconcoord.fresh.seconds=0");
    long first = System.currentTimeMillis() * 1000;
    long half = seconds * 500;
    SimulationRunner.Totals plain =
        batch("fresh seeds", first, half, new SimulationRunner(Set.of(), System.out, false));
    SimulationRunner.Totals named =
        batch(
            "fresh seeds with named objects",
            first + 1_000_000,
            half,
            new SimulationRunner(Set.of(), System.out, false).withNamedObjects());
    assertTrue(plain.seeds() > 0 && named.seeds() > 0, "no seed ran");
  }

  private static SimulationRunner.Totals batch(
      String what, long first, long millis, SimulationRunner runner) {
    System.out.println(what + " from " + first + " for " + millis / 1000 + " s");
    SimulationRunner.Totals totals = runner.runFor(first, millis, 1);
    System.out.printf(
        "%s: %d run, %.0f seeds/min, %.1f ops/seed%n",
        what, totals.seeds(), totals.seedsPerMinute(), totals.opsPerSeed());
    assertEquals(
        0,
        totals.failures(),
        "a "
            + what
            + " failed: "
            + SimulationRunner.reproduceCommand(totals.firstFailingSeed())
            + (what.contains("named") ? " --named" : ""));
    return totals;
  }
}
