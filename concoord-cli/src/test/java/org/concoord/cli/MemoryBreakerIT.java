package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.core.message.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica's parent memory breaker reached by a real process (issue 13): a 1+1 instance with a
 * small heap ({@code --heap 128m}), no state quota, and the breaker's limit at half the heap, fed
 * values of 2 MiB one after another: before the heap runs out the leader refuses one {@code
 * REJECTED} OVERLOADED, naming the heap in use and the limit; the refused call did not run, the
 * node lives and serves, and once the state is cleared large values are taken again.
 */
class MemoryBreakerIT {
  static final int PERCENT = 50;

  @TempDir Path work;

  @Test
  void aReplicaAtItsMemoryLimitRefusesLargeRequestsOverloadedAndServesOn() throws Exception {
    Map<String, String> env =
        Map.of("JAVA_TOOL_OPTIONS", "-Dconcoord.memory.limit.percent=" + PERCENT);
    Path instance = work.resolve("instance");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      String bootstrap = initializeNotes(kit, env, instance);
      Deployment deployment = Deployment.read(instance);
      try (ConcoordClient client =
          ConcoordClient.connect(
              bootstrap, ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(60)))) {
        int taken = 0;
        ConcoordRejectedException refused = null;
        // 40 x 2 MiB is far over the 128 MiB heap: without the breaker the replica dies first.
        for (int i = 0; i < 40 && refused == null; i++) {
          try {
            client.invoke("add", int.class, LimitsIT.value(2));
            taken++;
          } catch (ConcoordRejectedException e) {
            refused = e;
          }
        }
        assertNotNull(refused, "no refusal after " + taken + " values of 2 MiB");
        // A replica holds about 30 MiB of its own: the first values fit under 64 MiB.
        assertTrue(taken >= 3, "refused after " + taken + " values: " + refused.reason());
        assertEquals(Reason.OVERLOADED, refused.code(), refused.reason());
        assertTrue(
            refused.reason().contains("heap holds ")
                && refused.reason().contains("over its memory limit of ")
                && refused.reason().contains(PERCENT + "% of the heap's "),
            refused.reason());
        System.out.println("taken " + taken + " values of 2 MiB, then: " + refused.reason());
        for (Deployment.NodeEntry node : deployment.nodes()) {
          assertTrue(ProcessState.isRunning(node.pid()), node.role() + " died");
        }
        assertEquals(
            2 * taken, (int) client.invoke("count", int.class), "the refused call did not run");
        client.invoke("clear", void.class); // small: never refused
        // The breaker collects at most once a second: large values are taken again soon after.
        awaitLargeValuesTakenAgain(client);
        assertEquals(2, (int) client.invoke("count", int.class));
        assertTrue(
            Files.readString(
                    deployment.nodes().stream()
                        .filter(n -> n.role().equals("replica"))
                        .findFirst()
                        .orElseThrow()
                        .log())
                .contains("memory limit"),
            "the refusal is logged");
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", instance.toString());
      }
    }
  }

  /**
   * Initializes a 1+1 instance of Notes with a 128 MiB heap and no state quota; returns its
   * bootstrap.
   */
  private String initializeNotes(ProcessKit kit, Map<String, String> env, Path instance)
      throws Exception {
    Path notes = work.resolve("Notes.java");
    Files.writeString(notes, LimitsIT.NOTES);
    ProcessKit.Result started =
        kit.run(
            env,
            180,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            notes.toString(),
            "-c",
            "Notes",
            "-r",
            "1",
            "-a",
            "1",
            "--heap",
            "128m",
            "--state-max",
            "0",
            "--dir",
            instance.toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  /** Waits until a 2 MiB value is taken again, the state having been cleared. */
  private static void awaitLargeValuesTakenAgain(ConcoordClient client) throws Exception {
    Poll.await(
        30,
        200,
        () -> "a 2 MiB value still refused after the state was cleared",
        () -> {
          try {
            return client.invoke("add", int.class, LimitsIT.value(2));
          } catch (ConcoordRejectedException e) {
            return null;
          }
        });
  }
}
