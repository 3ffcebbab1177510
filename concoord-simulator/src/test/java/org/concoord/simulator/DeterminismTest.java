package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A seed is the whole run: the same seed twice gives the same trace, another seed another. */
class DeterminismTest {
  @Test
  void sameSeedTwiceGivesSameTraceHashAndSummary() {
    for (long seed : new long[] {3, 42, 977}) {
      SimResult first = SimulationRunner.runOne(seed, Set.of());
      SimResult second = SimulationRunner.runOne(seed, Set.of());
      assertEquals(first.traceHash(), second.traceHash(), "seed " + seed);
      assertEquals(first.summary(), second.summary(), "seed " + seed);
    }
  }

  @Test
  void differentSeedsGiveDifferentTraces() {
    assertNotEquals(
        SimulationRunner.runOne(5, Set.of()).traceHash(),
        SimulationRunner.runOne(6, Set.of()).traceHash());
  }
}
