package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.concoord.simulator.check.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Makes the checkers' cost visible in the test log on simulator-sized histories (2,000 operations,
 * 5 clients). Asserts verdicts only: timing on a shared machine is not a specification.
 */
class CheckerPerformanceTest {
  private static final int OPERATIONS = 2_000;
  private static final int CLIENTS = 5;
  private static final long SEED = 20_240_601L;

  @Test
  void linearizabilityCheckerOnTwoThousandCounterOperationsFromFiveClients() {
    LinearizabilityChecker<Long> checker = new LinearizabilityChecker<>(new CounterModel());
    // All answered, then 2% never answered (40 operations, each a candidate from then on).
    for (double indeterminateRate : new double[] {0, 0.02}) {
      List<Operation> history =
          RandomHistories.counter(new Random(SEED), OPERATIONS, CLIENTS, indeterminateRate);
      for (String run : List.of("cold", "warm")) {
        long start = System.nanoTime();
        CheckResult result = checker.check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
            "linearizability, %d counter ops, %d clients, %.0f%% indeterminate, %s: %d ms (%s)%n",
            OPERATIONS, CLIENTS, 100 * indeterminateRate, run, millis, result.explanation());
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation());
      }
    }
  }

  @Test
  void appendListCheckerOnTwoThousandOperationsFromFiveClients() {
    List<Operation> history =
        RandomHistories.appendList(new Random(SEED), OPERATIONS, CLIENTS, 0.02);
    AppendListChecker checker = new AppendListChecker();
    for (String run : List.of("cold", "warm")) {
      long start = System.nanoTime();
      CheckResult result = checker.check(history);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "append list, %d ops, %d clients, %s: %d ms (%s)%n",
          OPERATIONS, CLIENTS, run, millis, result.explanation());
      assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation());
    }
  }
}
