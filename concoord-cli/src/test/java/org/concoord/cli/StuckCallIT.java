package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A method that never returns (issue 13, item 5): the replica's watchdog stops the process, naming
 * the slot, the method and the client in its log and data directory; {@code concoord status} names
 * the stuck slot; {@code concoord start} says that the node stopped there before, and the replica,
 * stopping at the same slot again, says restarting will not help.
 */
class StuckCallIT {
  static final String SPINNER =
      """
      public class Spinner {
        private long n;

        public long inc() {
          return ++n;
        }

        public void spin() {
          while (n >= 0) {
            n = n + 0;
          }
        }
      }
      """;

  @TempDir Path work;

  @Test
  void aCallPastTheWatchdogBoundStopsTheReplicaNamingTheSlotAndStartSaysSo() throws Exception {
    Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Dconcoord.call.timeout.seconds=3");
    Path instance = work.resolve("instance");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      String bootstrap = initializeSpinner(kit, env, instance);
      Deployment deployment = Deployment.read(instance);
      Deployment.NodeEntry replica =
          deployment.nodes().stream()
              .filter(n -> n.role().equals("replica"))
              .findFirst()
              .orElseThrow();
      try (ConcoordClient client =
          ConcoordClient.connect(
              bootstrap, ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(5)))) {
        assertEquals(1L, (long) client.invoke("inc", long.class));
        CompletableFuture<Object> stuck = client.invokeAsync("spin", void.class);
        Poll.until(120, 100, () -> !ProcessState.isRunning(replica.pid()));
        assertFalse(ProcessState.isRunning(replica.pid()), "the replica stopped");
        stuck.handle((r, e) -> null);
      }
      String log = Files.readString(replica.log());
      assertTrue(
          log.contains("stopped by its object: slot ") && log.contains("method spin of client"),
          log);
      String stop = deployment.stopRecord(replica.address());
      assertTrue(stop != null && stop.startsWith("slot "), String.valueOf(stop));

      ProcessKit.Result status =
          kit.run(60, ProcessKit.CONCOORD.toString(), "status", "--dir", instance.toString());
      assertTrue(status.output().contains("stopped by its object: slot "), status.output());
      ProcessKit.Result restarted =
          kit.run(env, 180, ProcessKit.CONCOORD.toString(), "start", "--dir", instance.toString());
      assertTrue(
          restarted.output().contains("stopped by its object last time: slot "),
          restarted.output() + status.output());
      Deployment again = Deployment.read(instance);
      Deployment.NodeEntry second =
          again.nodes().stream().filter(n -> n.role().equals("replica")).findFirst().orElseThrow();
      // it replays the spin and stops again
      Poll.until(120, 100, () -> !ProcessState.isRunning(second.pid()));
      assertTrue(
          again.stopRecord(second.address()).contains("stopped at this slot too"),
          again.stopRecord(second.address()));
      kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", instance.toString());
    }
  }

  /** Initializes a one-replica, one-acceptor instance of the spinner; returns its bootstrap. */
  private String initializeSpinner(ProcessKit kit, Map<String, String> env, Path instance)
      throws Exception {
    Path spinner = work.resolve("Spinner.java");
    Files.writeString(spinner, SPINNER);
    ProcessKit.Result started =
        kit.run(
            env,
            180,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            spinner.toString(),
            "-c",
            "Spinner",
            "-r",
            "1",
            "-a",
            "1",
            "--dir",
            instance.toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }
}
