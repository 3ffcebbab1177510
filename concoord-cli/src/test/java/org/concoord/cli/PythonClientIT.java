package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client's own unittest suite (clients/python/tests), run with the system's python3
 * against real instances it starts with bin/concoord: the tutorial's counter, pipelined calls,
 * typed errors, a retry after a dropped connection executed once, a lock held across a leader kill
 * over TLS with a client certificate.
 */
class PythonClientIT {
  @TempDir Path work;

  @Test
  void thePythonClientsSuitePasses() throws Exception {
    Path python = ProcessKit.ROOT.resolve("clients/python");
    assertTrue(Files.isDirectory(python.resolve("tests")), python.toString());
    try (ProcessKit kit = new ProcessKit(work)) {
      ProcessKit.Result result =
          kit.run(
              Map.of("CONCOORD_ROOT", ProcessKit.ROOT.toString(), "TMPDIR", work.toString()),
              600,
              "sh",
              "-c",
              "cd " + python + " && python3 -m unittest discover -s tests -t . -v");
      assertEquals(0, result.exitCode(), result.output());
      assertTrue(result.output().contains("\nOK"), result.output());
      assertTrue(
          result
              .output()
              .lines()
              .anyMatch(
                  line ->
                      line.startsWith("test_a_lock_is_held_across_a_leader_kill")
                          && line.endsWith("... ok")),
          result.output());
    }
  }
}
