package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concoord bench} as a user first runs it: no instance, no object file. It starts a local
 * 3+3 instance of the bundled Counter, measures a short window and stops it. (Given ConCoord's
 * whole jar as the object, the replicas' load-time checks read every shaded library and ran out of
 * heap; the bundled objects now go to the replicas as a jar of their own package.)
 */
class BenchIT {
  @TempDir Path work;

  @Test
  void benchWithoutArgumentsStartsTheBundledCounterMeasuresAndStops() throws Exception {
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work.resolve("logs")))) {
      Path dir = work.resolve("bench");
      ProcessKit.Result bench =
          kit.run(
              300,
              ProcessKit.CONCOORD.toString(),
              "bench",
              "--clients",
              "1",
              "--duration",
              "2",
              "--warmup",
              "1",
              "--jvm-warmup",
              "1",
              "--dir",
              dir.toString());
      assertEquals(0, bench.exitCode(), bench.output());
      String window =
          bench
              .output()
              .lines()
              .filter(l -> l.startsWith("clients=1 "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no window:\n" + bench.output()));
      assertTrue(window.contains("errors=0") && !window.contains("ops/s=0 "), window);
      assertTrue(Files.isRegularFile(dir.resolve("objects/bundled.jar")), bench.output());
      assertTrue(bench.output().contains("6 of 6 processes were running"), bench.output());
    }
  }
}
