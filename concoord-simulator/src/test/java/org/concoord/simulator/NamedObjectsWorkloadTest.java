package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Named objects in the simulator (issue 18): the counter and the coordination workloads spread
 * their calls over several named objects, blocking ones among them, under the usual faults; the
 * checkers check each object's history apart, and a flawed lock is still caught.
 */
class NamedObjectsWorkloadTest {
  static final int SEEDS = 15;

  @Test
  void counterAndCoordinationSeedsPassWithTheirCallsSpreadOverNamedObjects() {
    for (SimParameters.Workload workload : SimParameters.Workload.values()) {
      SimulationRunner.Totals totals =
          new SimulationRunner(Set.of(), System.out, false, workload, LibraryCoordination.class)
              .withNamedObjects()
              .runCount(1, SEEDS, 1);
      assertEquals(
          0,
          totals.failures(),
          "failing seed "
              + totals.firstFailingSeed()
              + " ("
              + workload
              + " with named objects: bin/concoord simulate --named --seed "
              + totals.firstFailingSeed()
              + ")");
      assertTrue(totals.opsPerSeed() >= 50, workload + ": " + totals.opsPerSeed());
    }
  }

  @Test
  void eachObjectsHistoryIsCheckedApart() {
    // As one counter this is not linearizable (add 5 completed before a read of 0 began);
    // as two counters it is.
    ClientOp add = new ClientOp(0, "sim/0", "add", 5, 1);
    add.completeTicks = 2;
    add.output = List.of(5L);
    ClientOp read = new ClientOp(1, "sim/1", "get", 0, 3);
    read.completeTicks = 4;
    read.output = List.of(0L);
    assertNull(HistoryChecks.check(List.of(add, read), SimParameters.Workload.COUNTER));
    ClientOp sameObjectRead = new ClientOp(1, "sim/0", "get", 0, 3);
    sameObjectRead.completeTicks = 4;
    sameObjectRead.output = List.of(0L);
    String failure =
        HistoryChecks.check(List.of(add, sameObjectRead), SimParameters.Workload.COUNTER);
    assertNotNull(failure);
    assertTrue(failure.startsWith("object 'sim/0': linearizability (counter)"), failure);
  }

  @Test
  void aLockThatGrantsTwoIsCaughtOnNamedObjects() {
    SimulationRunner.Totals totals =
        new SimulationRunner(
                Set.of(),
                null,
                false,
                SimParameters.Workload.COORDINATION,
                FlawedCoordinations.LockGrantsTwo.class)
            .withNamedObjects()
            .runCount(1, 200, 1);
    assertTrue(totals.failures() > 0, "a lock granting two survived 200 named seeds");
  }
}
