package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.concoord.cli.deploy.Deployment;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input fuzzer against real node processes: a local 3+3 instance started by {@code
 * concoord initialize} (nodes at their default heap) takes random frames, mutated valid frames and
 * forged sequences of valid messages of every type with every field at its extremes ({@link
 * HostileFrames}), to every node, while a client counts. Afterwards every node is alive and
 * answers, and the counter equals the acknowledged increments.
 *
 * <p>In the default build it runs about 30 s. The long run is a documented command
 * (docs/testing.md): {@code -Dconcoord.fuzz.seconds=300}; {@code -Dconcoord.fuzz.seed=N} replays a
 * seed's frames (the instance's own timing is not replayed).
 */
class HostileFuzzIT {
  @Test
  void everyNodeSurvivesHostileInputAndTheCounterEqualsTheAcknowledgedIncrements()
      throws Exception {
    long seconds = Long.getLong("concoord.fuzz.seconds", 30);
    long seed = Long.getLong("concoord.fuzz.seed", System.nanoTime());
    System.out.println(
        "HostileFuzzIT: seed "
            + seed
            + ", "
            + seconds
            + " s (replay the frames"
            + " with -Dconcoord.fuzz.seed="
            + seed
            + ")");
    // Under target/, not a temporary directory: the nodes' logs stay for a failure's post-mortem.
    Path work = Files.createDirectories(Path.of("target", "hostile-fuzz-" + seed).toAbsolutePath());
    System.out.println("HostileFuzzIT: node logs in " + work.toAbsolutePath());
    Path dir = work.resolve("instance");
    try (ProcessKit kit = new ProcessKit(work).plaintext()) {
      String bootstrap = FailuresIT.start(kit, dir, 3, 3);
      List<Deployment.NodeEntry> nodes = Deployment.read(dir).nodes();
      List<NodeId> replicas = new ArrayList<>();
      List<NodeId> acceptors = new ArrayList<>();
      for (Deployment.NodeEntry node : nodes) {
        (node.role().equals("replica") ? replicas : acceptors).add(NodeId.of(node.address()));
      }
      HostileFrames frames = new HostileFrames(seed, replicas, acceptors);
      try (ConcoordClient client = FailuresIT.client(bootstrap)) {
        AtomicBoolean counting = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread counter = startCounting(client, counting, acked, failed);
        long connections = fuzz(frames, nodes, seconds);
        counting.set(false);
        counter.join(120_000);
        int value = client.invoke("getvalue", int.class);
        System.out.printf(
            "HostileFuzzIT: %d connections (random %d, mutated %d, forged %d);"
                + " %d increments acknowledged, %d indeterminate; counter %d%n",
            connections,
            frames.sentByKind[0],
            frames.sentByKind[1],
            frames.sentByKind[2],
            acked.get(),
            failed.get(),
            value);
        assertTheCounterEqualsTheAcknowledgedIncrements(value, acked.get(), failed.get());
        assertEveryNodeAliveAndNoneDiverged(nodes);
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  /** Increments on {@code client} until {@code counting} is cleared, counting the outcomes. */
  private static Thread startCounting(
      ConcoordClient client, AtomicBoolean counting, AtomicLong acked, AtomicLong failed) {
    Thread counter =
        new Thread(
            () -> {
              while (counting.get()) {
                try {
                  client.invoke("increment", void.class);
                  acked.incrementAndGet();
                } catch (RuntimeException e) {
                  failed.incrementAndGet(); // indeterminate: it may or may not have run
                }
              }
            },
            "counting-client");
    counter.start();
    return counter;
  }

  /**
   * The counter equals the acknowledged increments, or lies within them plus the indeterminate ones
   * when calls failed.
   */
  private static void assertTheCounterEqualsTheAcknowledgedIncrements(
      int value, long acked, long failed) {
    assertTrue(acked > 0, "the client made progress under fuzzing");
    if (failed == 0) {
      assertEquals(acked, value, "the counter equals the acknowledged increments");
    } else {
      assertTrue(
          value >= acked && value <= acked + failed,
          "counter "
              + value
              + " within the acknowledged "
              + acked
              + " plus the "
              + failed
              + " indeterminate increments");
    }
  }

  private static void assertEveryNodeAliveAndNoneDiverged(List<Deployment.NodeEntry> nodes)
      throws java.io.IOException {
    for (Deployment.NodeEntry node : nodes) {
      assertTrue(
          ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false),
          node.role() + " " + node.address() + " is alive");
      StatusReply status = ForgedPeer.status(node.address());
      assertNotNull(status, node.address() + " answers");
      // Replicas compare state digests every 1,000 slots (--digest-every): one that differs from
      // the majority says DIVERGED in its status and its log.
      assertTrue(
          status.notice() == null || !status.notice().startsWith("DIVERGED"),
          node.address() + ": " + status.notice());
      assertTrue(
          !java.nio.file.Files.readString(node.log()).contains("DIVERGED:"),
          node.address() + " logged a divergence");
    }
  }

  /**
   * Sends connection after connection, to each node in turn, until the time is up, at most {@code
   * -Dconcoord.fuzz.rate} connections a second (100 by default), so that a run means the same on a
   * fast machine and a loaded one.
   */
  private static long fuzz(HostileFrames frames, List<Deployment.NodeEntry> nodes, long seconds)
      throws InterruptedException {
    long rate = Long.getLong("concoord.fuzz.rate", 100);
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    long connections = 0;
    while (System.nanoTime() < deadline) {
      if (connections * 1_000_000_000L > rate * (System.nanoTime() - start)) {
        Thread.sleep(5); // pacing the sender, not waiting for the nodes
        continue;
      }
      Deployment.NodeEntry target = nodes.get((int) (connections % nodes.size()));
      if (connections % 50 == 0) {
        StatusReply status = ForgedPeer.status(target.address());
        if (status != null) {
          frames.live(status.slotExecutedMax() + 1, status.ballot().round());
        }
      }
      ForgedPeer.sendBytes(target.address(), frames.next());
      connections++;
    }
    return connections;
  }
}
