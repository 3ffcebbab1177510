package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator does enough per seed to matter: on average at least 200 completed client operations
 * per counter seed (100 per coordination seed, whose calls block), and every seed has at least one
 * crash and one partition; rare protocol paths are hit (coverage marks).
 */
class SimulatorTargetsTest {
  static final int SEEDS = 100;

  static final List<String> RARE_PATHS =
      List.of(
          "reply-cache.duplicate-answered",
          "reply-cache.duplicate-executed",
          "leader.preempted-active",
          "leader.recovered-pvalues",
          "leader.prepare-new-view",
          "leader.propose-resent",
          "acceptor.propose.preempted",
          "view.changed",
          "replica.catch-up-requested",
          "replica.snapshot-sent",
          "replica.snapshot-restored",
          "replica.snapshot-chunk-taken",
          "replica.digest-agreed",
          "leader.remove-unreachable",
          "leader.batch-bytes-bound");

  @Test
  void everySeedHasACrashAndAPartitionAndAveragesTwoHundredOps() {
    long[] ops = new long[SimParameters.Workload.values().length];
    int[] seeds = new int[ops.length];
    for (long seed = 1; seed <= SEEDS; seed++) {
      SimResult result = SimulationRunner.runOne(seed, Set.of());
      assertTrue(result.passed(), result.summary());
      assertTrue(result.crashes() >= 1, "no crash: " + result.summary());
      assertTrue(result.partitions() >= 1, "no partition: " + result.summary());
      int workload = result.parameters().workload().ordinal();
      ops[workload] += result.opsCompleted();
      seeds[workload]++;
    }
    double counter = (double) ops[0] / seeds[0];
    double coordination = (double) ops[1] / seeds[1];
    System.out.printf(
        "average completed ops per seed: counter %.1f (%d seeds), coordination"
            + " %.1f (%d seeds)%n",
        counter, seeds[0], coordination, seeds[1]);
    double overall = (double) (ops[0] + ops[1]) / SEEDS;
    assertTrue(overall >= 200, "average ops per seed over both workloads " + overall);
    assertTrue(counter >= 200, "average ops per counter seed " + counter);
    assertTrue(coordination >= 100, "average ops per coordination seed " + coordination);
  }

  @Test
  void rareProtocolPathsAreCovered() {
    SimulationRunner.Totals totals =
        new SimulationRunner(Set.of(), null, false).runCount(1, SEEDS, 1);
    assertEquals(0, totals.failures());
    for (String mark : RARE_PATHS) {
      assertTrue(totals.marks().getOrDefault(mark, 0L) > 0, "never hit: " + mark);
    }
  }
}
