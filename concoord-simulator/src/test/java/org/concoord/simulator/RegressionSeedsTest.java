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

/** Every seed in {@code regression-seeds.txt} passes: safety, liveness and linearizability. */
class RegressionSeedsTest {
  static Stream<Long> seeds() throws IOException {
    return regressionSeeds().stream();
  }

  static List<Long> regressionSeeds() throws IOException {
    List<Long> seeds = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                RegressionSeedsTest.class.getResourceAsStream("/regression-seeds.txt"),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String text = line.replaceFirst("#.*", "").trim();
        if (!text.isEmpty()) {
          seeds.add(Long.parseLong(text.split("\\s+")[0]));
        }
      }
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void regressionSeedPasses(long seed) {
    SimResult result = SimulationRunner.runOne(seed, Set.of());
    assertTrue(
        result.passed(),
        result.summary() + "\nreproduce: " + SimulationRunner.reproduceCommand(seed));
  }

  /**
   * The seeds found before the coordination workload existed were counter runs; a third of them
   * now draw that workload, so each also runs as the counter run it was (the workload is drawn
   * last, which makes this exactly the old run).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void regressionSeedPassesWithTheCounterWorkload(long seed) {
    SimResult result = SimulationRunner.runOne(seed, Set.of(),
        SimParameters.draw(seed, SimParameters.Workload.COUNTER), SimCoordination.class);
    assertTrue(result.passed(), result.summary() + " (counter workload forced)");
  }
}
