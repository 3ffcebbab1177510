package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every seed in {@code regression-seeds.txt} passes: safety, liveness and linearizability. A line
 * whose seed is followed by {@code named} failed with the calls spread over named objects ({@code
 * simulate --named}) and runs so.
 */
class RegressionSeedsTest {
  /** One line of the list. */
  record Seed(long seed, boolean named) {
    @Override
    public String toString() {
      return seed + (named ? " --named" : "");
    }
  }

  static Stream<Seed> seeds() throws IOException {
    return regressionSeeds().stream();
  }

  static List<Seed> regressionSeeds() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                RegressionSeedsTest.class.getResourceAsStream("/regression-seeds.txt"),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String text = line.replaceFirst("#.*", "").trim();
        if (!text.isEmpty()) {
          String[] words = text.split("\\s+");
          boolean named = words.length > 1 && words[1].equals("named");
          if (words.length > (named ? 2 : 1)) {
            throw new IllegalStateException("not a seed line: " + line);
          }
          seeds.add(new Seed(Long.parseLong(words[0]), named));
        }
      }
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void regressionSeedPasses(Seed seed) {
    SimResult result =
        SimulationRunner.runOne(
            seed.seed(),
            Set.of(),
            SimParameters.draw(seed.seed()),
            LibraryCoordination.class,
            seed.named());
    assertTrue(
        result.passed(),
        result.summary()
            + "\nreproduce: "
            + SimulationRunner.reproduceCommand(seed.seed())
            + (seed.named() ? " --named" : ""));
  }

  /**
   * The seeds found before the coordination workload existed were counter runs; a third of them now
   * draw that workload, so each also runs as the counter run it was (the workload is drawn last,
   * which makes this exactly the old run).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void regressionSeedPassesWithTheCounterWorkload(Seed seed) {
    SimResult result =
        SimulationRunner.runOne(
            seed.seed(),
            Set.of(),
            SimParameters.draw(seed.seed(), SimParameters.Workload.COUNTER),
            SimCoordination.class,
            seed.named());
    assertTrue(result.passed(), result.summary() + " (counter workload forced)");
  }
}
