package org.concoord.cli.command;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concoord.core.Mutation;
import org.concoord.simulator.SimulationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code concoord simulate}: runs seeds of the deterministic simulator and reports each. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Runs the deterministic simulator: each seed draws a topology and faults,"
            + " checks safety after every event, liveness after healing and linearizability at the end."
            + " Prints one line per seed and, on a failure, the command that reproduces it.")
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--seed", description = "First seed (default: drawn from the clock).")
  Long seed;

  @Option(names = "--count", description = "Seeds to run (default 1, or unbounded with --minutes).")
  Long count;

  @Option(names = "--minutes", description = "Run consecutive seeds for this many minutes.")
  Double minutes;

  @Option(
      names = "--mutation",
      description =
          "Enable a deliberate bug, to check that the oracles catch it: ${COMPLETION-CANDIDATES}.")
  Mutation mutation;

  @Option(
      names = "--named",
      description =
          "Spread the clients' calls over named objects too"
              + " (issue 18): each object's history is checked apart.")
  boolean named;

  @Option(names = "--quiet", description = "Print only failures and the totals.")
  boolean quiet;

  @Option(
      names = "--max-failures",
      description = "Stop after this many failing seeds (default ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int failuresMax;

  @Override
  public Integer call() {
    long first = seed != null ? seed : System.currentTimeMillis();
    Set<Mutation> mutations = mutation == null ? Set.of() : EnumSet.of(mutation);
    SimulationRunner runner = new SimulationRunner(mutations, System.out, !quiet);
    if (named) {
      runner.withNamedObjects();
    }
    SimulationRunner.Totals totals;
    if (minutes != null) {
      long millis = (long) (minutes * 60_000);
      totals =
          count == null
              ? runner.runFor(first, millis, failuresMax)
              : runner.runCount(first, count, failuresMax);
    } else {
      totals = runner.runCount(first, count == null ? 1 : count, failuresMax);
    }
    System.out.printf(
        "%d seeds from %d: %d failed; %.1f ops/seed; %d crashes, %d partitions, %d view changes;"
            + " %.0f seeds/min%n",
        totals.seeds(),
        first,
        totals.failures(),
        totals.opsPerSeed(),
        totals.crashes(),
        totals.partitions(),
        totals.viewChanges(),
        totals.seedsPerMinute());
    return totals.failures() == 0 ? 0 : 1;
  }
}
