package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-instance crashes with durability on (the default): under load from several clients, every
 * node is killed with {@code kill -9} at once, then {@code concoord start} brings the deployment
 * back from its data directories. Every acknowledged increment must be there, and nothing that was
 * never attempted: acknowledged <= counter <= attempted, round after round.
 */
class DurabilityIT {
  private static final int CLIENTS = 3;

  /** Three rounds in CI; {@code -Dconcoord.it.rounds=5} (or more) for the longer run. */
  private static final int ROUNDS = Integer.getInteger("concoord.it.rounds", 3);

  @TempDir Path work;

  @Test
  void everyAcknowledgedIncrementSurvivesKillingEveryNodeRoundAfterRound() throws Exception {
    Path dir = work.resolve("instance");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = FailuresIT.start(kit, dir, 3, 3);
      int acked = 0;
      int attempted = 0;
      try {
        for (int round = 1; round <= ROUNDS; round++) {
          RoundCounts counts = loadThenKillEveryNode(bootstrap, dir);
          acked += counts.acked();
          attempted += counts.attempted();

          ProcessKit.Result started =
              kit.run(240, ProcessKit.CONCOORD.toString(), "start", "--dir", dir.toString());
          assertEquals(0, started.exitCode(), started.output());
          try (ConcoordClient reader = FailuresIT.client(bootstrap)) {
            int value = reader.invoke("getvalue", int.class);
            assertTrue(
                acked <= value && value <= attempted,
                "round "
                    + round
                    + ": acknowledged "
                    + acked
                    + ", attempted "
                    + attempted
                    + ", counter "
                    + value);
            attempted = value; // what is there now is the baseline of the next round
            acked = value;
          }
        }
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  /** What one round's clients had acknowledged and attempted when every node was killed. */
  private record RoundCounts(int acked, int attempted) {}

  /**
   * Starts the clients, lets them load the instance for a second at least, kills every node under
   * the load (kill -9), then stops the clients.
   */
  private static RoundCounts loadThenKillEveryNode(String bootstrap, Path dir) throws Exception {
    AtomicInteger roundAcked = new AtomicInteger();
    AtomicInteger roundAttempted = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread client = new Thread(() -> load(bootstrap, stop, roundAcked, roundAttempted));
      client.start();
      clients.add(client);
    }
    // A second of load at least: the kill must find calls in flight and increments
    // acknowledged.
    long loadFrom = System.nanoTime();
    Poll.await(
        60,
        50,
        () -> "only " + roundAcked.get() + " increments acknowledged",
        () -> System.nanoTime() - loadFrom >= 1_000_000_000L && roundAcked.get() >= 10);
    List<Deployment.NodeEntry> nodes = Deployment.read(dir).nodes();
    for (Deployment.NodeEntry node : nodes) {
      ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    // the kernel ends them at once
    Poll.await(
        30,
        50,
        () -> "kill -9 did not end every node",
        () -> nodes.stream().noneMatch(n -> ProcessState.isRunning(n.pid())));
    stop.set(true);
    for (Thread client : clients) {
      client.join(30_000);
    }
    return new RoundCounts(roundAcked.get(), roundAttempted.get());
  }

  /** Increments until told to stop or a call fails (the nodes were killed). */
  private static void load(
      String bootstrap, AtomicBoolean stop, AtomicInteger acked, AtomicInteger attempted) {
    ClientOptions options =
        ClientOptions.defaults()
            .withRequestTimeout(Duration.ofMillis(500))
            .withCallTimeout(Duration.ofSeconds(3));
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      while (!stop.get()) {
        attempted.incrementAndGet();
        client.invoke("increment", void.class);
        acked.incrementAndGet();
      }
    } catch (RuntimeException killed) {
      // the nodes died under the call: it may or may not have executed
    }
  }
}
