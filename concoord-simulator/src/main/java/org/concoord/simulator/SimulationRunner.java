package org.concoord.simulator;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.concoord.core.Mutation;

/**
 * Runs many seeds and reports: one summary line per seed and, on a failure, the one command that
 * reproduces it. Used by {@code concoord simulate} and by the test suite.
 */
public final class SimulationRunner {
  /** Totals over a batch of seeds. */
  public record Totals(
      int seeds,
      int failures,
      long opsCompleted,
      long crashes,
      long partitions,
      long viewChanges,
      Map<String, Long> marks,
      long firstFailingSeed,
      long elapsedMillis) {

    public double opsPerSeed() {
      return seeds == 0 ? 0 : (double) opsCompleted / seeds;
    }

    public double seedsPerMinute() {
      return elapsedMillis == 0 ? 0 : seeds * 60_000.0 / elapsedMillis;
    }
  }

  private final Set<Mutation> mutations;
  private final PrintStream out;
  private final boolean verbose;

  /** The workload every seed runs, or null for each seed's own draw. */
  private final SimParameters.Workload forcedWorkload;

  private final Class<? extends SimCoordination> coordinationClass;

  /** Whether every seed spreads its calls over named objects too (issue 18). */
  private boolean named;

  public SimulationRunner(Set<Mutation> mutations, PrintStream out, boolean verbose) {
    this(mutations, out, verbose, null, LibraryCoordination.class);
  }

  /** For tests: every seed runs {@code forcedWorkload}, its coordination object of that class. */
  SimulationRunner(
      Set<Mutation> mutations,
      PrintStream out,
      boolean verbose,
      SimParameters.Workload forcedWorkload,
      Class<? extends SimCoordination> coordinationClass) {
    this.mutations = Set.copyOf(mutations);
    this.out = out;
    this.verbose = verbose;
    this.forcedWorkload = forcedWorkload;
    this.coordinationClass = coordinationClass;
  }

  /** Every seed spreads its calls over named objects too, each object's history checked apart. */
  public SimulationRunner withNamedObjects() {
    named = true;
    return this;
  }

  public static String reproduceCommand(long seed) {
    return "bin/concoord simulate --seed " + seed + " --count 1";
  }

  /** Runs seeds {@code first .. first + count - 1}, stopping early after {@code failuresMax}. */
  public Totals runCount(long first, long count, int failuresMax) {
    return run(first, count, Long.MAX_VALUE, failuresMax);
  }

  /** Runs consecutive seeds from {@code first} until {@code millis} have passed. */
  public Totals runFor(long first, long millis, int failuresMax) {
    return run(first, Long.MAX_VALUE, millis, failuresMax);
  }

  private Totals run(long first, long count, long millis, int failuresMax) {
    long start = System.nanoTime();
    int seeds = 0;
    int failures = 0;
    long ops = 0;
    long crashes = 0;
    long partitions = 0;
    long viewChanges = 0;
    long firstFailing = -1;
    Map<String, Long> marks = new TreeMap<>();
    for (long seed = first; seeds < count; seed++) {
      if ((System.nanoTime() - start) / 1_000_000 >= millis) {
        break;
      }
      SimResult result =
          runOne(
              seed, mutations, SimParameters.draw(seed, forcedWorkload), coordinationClass, named);
      seeds++;
      ops += result.opsCompleted();
      crashes += result.crashes();
      partitions += result.partitions();
      viewChanges += result.viewChanges();
      result.marks().forEach((k, v) -> marks.merge(k, v, Long::sum));
      if (out != null && (verbose || !result.passed())) {
        out.println(result.summary());
      }
      if (!result.passed()) {
        failures++;
        if (firstFailing < 0) {
          firstFailing = seed;
        }
        if (out != null) {
          out.println(
              "  reproduce: "
                  + reproduceCommand(seed)
                  + (named ? " --named" : "")
                  + (mutations.isEmpty() ? "" : " --mutation " + mutations.iterator().next()));
        }
        if (failures >= failuresMax) {
          break;
        }
      }
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    return new Totals(
        seeds, failures, ops, crashes, partitions, viewChanges, marks, firstFailing, elapsed);
  }

  /** One seed; an unexpected exception is a failure of that seed, not of the runner. */
  public static SimResult runOne(long seed, Set<Mutation> mutations) {
    return runOne(seed, mutations, SimParameters.draw(seed), LibraryCoordination.class);
  }

  /** For tests: one seed with its parameters given and its coordination object's class. */
  static SimResult runOne(
      long seed,
      Set<Mutation> mutations,
      SimParameters parameters,
      Class<? extends SimCoordination> coordinationClass) {
    return runOne(seed, mutations, parameters, coordinationClass, false);
  }

  /** As above, with the calls spread over named objects if {@code named}. */
  static SimResult runOne(
      long seed,
      Set<Mutation> mutations,
      SimParameters parameters,
      Class<? extends SimCoordination> coordinationClass,
      boolean named) {
    Simulation simulation = new Simulation(seed, mutations, parameters, coordinationClass);
    if (named) {
      simulation.withNamedObjects();
    }
    try {
      return simulation.run();
    } catch (RuntimeException e) {
      return new SimResult(
          seed, simulation.parameters(), 0, 0, 0, 0, 0, 0, 0, Map.of(), "exception: " + e);
    }
  }
}
