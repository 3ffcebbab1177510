package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concoord.cli.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stop} signals every local node before it waits for any: three processes that take a while
 * to shut down after SIGTERM (as a node closing its log and connections does) have all been told to
 * stop before the first one exits. One after the other, the second would only hear SIGTERM once the
 * first had exited.
 */
class StopLocalTest {
  @TempDir Path work;

  @Test
  void everyNodeIsSignalledBeforeTheFirstHasExited() throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Deployment.NodeEntry> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Path ready = work.resolve("ready-" + i);
        // On SIGTERM: note the time, shut down for 1 s, note the time, exit.
        String script =
            "trap 'date +%s%N > "
                + work.resolve("term-" + i)
                + "; sleep 1; date +%s%N > "
                + work.resolve("exit-" + i)
                + "; exit 0' TERM; touch "
                + ready
                + "; while true; do sleep 0.05; done";
        Process process = new ProcessBuilder("sh", "-c", script).start();
        processes.add(process);
        assertTrue(Poll.until(30, 20, () -> Files.exists(ready)), "the process set its trap");
        nodes.add(
            new Deployment.NodeEntry(
                "acceptor",
                "127.0.0.1:" + (20000 + i),
                process.pid(),
                work.resolve("node-" + i + ".log"),
                null,
                Deployment.LOCAL,
                List.of()));
      }
      assertEquals(3, LocalNodeStop.stop(nodes));
      long lastTerm = 0;
      long firstExit = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        assertFalse(processes.get(i).isAlive(), "node " + i + " was stopped");
        lastTerm = Math.max(lastTerm, time(work.resolve("term-" + i)));
        firstExit = Math.min(firstExit, time(work.resolve("exit-" + i)));
      }
      assertTrue(
          lastTerm < firstExit,
          "every node heard SIGTERM (the last at "
              + lastTerm
              + " ns) before the first had shut down (at "
              + firstExit
              + " ns)");
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
  }

  private static long time(Path file) throws Exception {
    return Long.parseLong(Files.readString(file).trim());
  }
}
