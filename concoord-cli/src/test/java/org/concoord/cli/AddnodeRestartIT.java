package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.ProcessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code addnode}, {@code stop}, {@code start}, {@code stop} with real processes: the added replica
 * is recorded with its arguments, so {@code start} brings every node back (a call then succeeds),
 * and the last {@code stop} leaves none of the deployment's JVMs running: neither the pids recorded
 * at any point nor those {@code start} printed.
 */
class AddnodeRestartIT {
  @TempDir Path work;

  @Test
  void startAfterAddnodeAndStopRestartsEveryNodeAndStopEndsThemAll() throws Exception {
    Path dir = work.resolve("instance");
    String concoord = ProcessKit.CONCOORD.toString();
    Set<Long> pids = new HashSet<>();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      try {
        FailuresIT.start(kit, dir, 1, 1);
        ProcessKit.Result added =
            kit.run(300, concoord, "addnode", "-t", "2", "--dir", dir.toString());
        assertEquals(0, added.exitCode(), added.output());
        pids.addAll(recordedPids(dir));
        assertEquals(3, pids.size(), "initialize's two nodes and the added replica");

        ProcessKit.Result stopped = kit.run(120, concoord, "stop", "--dir", dir.toString());
        assertEquals(0, stopped.exitCode(), stopped.output());
        ProcessKit.Result started = kit.run(300, concoord, "start", "--dir", dir.toString());
        pids.addAll(printedPids(started.output()));
        pids.addAll(recordedPids(dir));
        assertEquals(0, started.exitCode(), started.output());
        assertTrue(started.output().contains("3 of 3 nodes restarted"), started.output());

        ProcessKit.Result called =
            kit.run(120, concoord, "call", "--dir", dir.toString(), "increment");
        assertEquals(0, called.exitCode(), called.output());
        assertEveryNodeReadyOnItsAdminUrl(kit, dir);
      } finally {
        kit.run(120, concoord, "stop", "--dir", dir.toString());
        pids.addAll(recordedPids(dir));
        awaitGone(pids);
      }
    }
  }

  /**
   * Every node, the added one and the restarted ones included, has the admin listener {@code
   * status} names, and it says ready (asked with the real curl, bounded polling: a node just
   * restarted may still be looking for its leader).
   */
  private static void assertEveryNodeReadyOnItsAdminUrl(ProcessKit kit, Path dir) throws Exception {
    ProcessKit.Result status =
        kit.run(120, ProcessKit.CONCOORD.toString(), "status", "--dir", dir.toString());
    List<String> urls =
        status
            .output()
            .lines()
            .filter(l -> l.contains("  admin http://"))
            .map(l -> l.substring(l.indexOf("  admin ") + 8).trim())
            .toList();
    assertEquals(3, urls.size(), status.output());
    for (String url : urls) {
      String[] answer = {""};
      Poll.until(
          30,
          200,
          () ->
              (answer[0] = kit.run(30, "curl", "-s", url + "readyz").output().trim())
                  .equals("ready"));
      assertEquals("ready", answer[0], url + " in\n" + status.output());
    }
  }

  private static List<Long> recordedPids(Path dir) {
    try {
      return Deployment.read(dir).nodes().stream().map(Deployment.NodeEntry::pid).toList();
    } catch (java.io.IOException none) {
      return List.of();
    }
  }

  /** The pids of "started ROLE ADDRESS (pid N)" lines. */
  private static List<Long> printedPids(String output) {
    return output
        .lines()
        .filter(l -> l.startsWith("started ") && l.contains("(pid "))
        .map(
            l ->
                Long.parseLong(
                    l.substring(l.indexOf("(pid ") + 5, l.indexOf(')', l.indexOf("(pid ")))))
        .toList();
  }

  /** Every pid gone within a generous deadline; else they are killed and the test fails. */
  private static void awaitGone(Set<Long> pids) throws Exception {
    // stop waits for its processes before it returns
    Poll.until(30, 100, () -> pids.stream().noneMatch(ProcessState::isRunning));
    List<Long> left = pids.stream().filter(ProcessState::isRunning).toList();
    left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    assertTrue(left.isEmpty(), "JVMs of the deployment left running after stop: " + left);
  }
}
