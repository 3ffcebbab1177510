package org.concoord.cli;

import static org.concoord.cli.FailuresIT.COUNTER;
import static org.concoord.cli.FailuresIT.awaitLeader;
import static org.concoord.cli.FailuresIT.client;
import static org.concoord.cli.FailuresIT.increments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that fail and come back, with real processes: a replica killed and restarted on its address
 * catches up by snapshot (the log it missed is no longer retained) and serves again, even as the
 * leader; a replica paused past the removal time is removed from the view and, resumed, says so and
 * rejoins; a paused leader is replaced and, resumed, steps down without applying anything twice.
 * The counter always equals the acknowledged increments.
 */
class RecoveryIT {
  @TempDir Path work;

  private static String start(ProcessKit kit, Path dir, String removeAfter) throws Exception {
    ProcessKit.Result started =
        kit.run(
            240,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            COUNTER,
            "-c",
            "Counter",
            "-r",
            "3",
            "-a",
            "3",
            "--dir",
            dir.toString(),
            "--retain-slots",
            "50",
            "--remove-after",
            removeAfter);
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  @Test
  void aRestartedReplicaCatchesUpBySnapshotAndServesAgainEvenAsLeader() throws Exception {
    Path dir = work.resolve("snapshot");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = start(kit, dir, "0");
      try (ConcoordClient client = client(bootstrap)) {
        int acked = increments(client, 50);
        Deployment.NodeEntry leader = awaitLeader(dir);
        Deployment.NodeEntry victim = otherReplica(dir, leader);
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
        acked += increments(client, 300); // far more than the 50 slots the others retain

        restartReplica(kit, "restarted", victim.address(), leader.address());
        kit.awaitLine("restarted", "caught up by snapshot", 30);
        awaitStatus(victim.address(), s -> s.slotExecutedMax() >= 350, "caught up");

        ProcessHandle.of(leader.pid()).ifPresent(ProcessHandle::destroyForcibly);
        acked += increments(client, 50);
        assertEquals(acked, (int) client.invoke("getvalue", int.class));
        StatusReply back = InstanceProbe.status(NodeId.of(victim.address()));
        assertTrue(back != null && back.slotExecutedMax() >= acked, "the restarted replica serves");
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  @Test
  void aReplicaPausedPastTheRemovalTimeIsRemovedAndRejoinsWhenResumed() throws Exception {
    Path dir = work.resolve("removal");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = start(kit, dir, "2");
      try (ConcoordClient client = client(bootstrap)) {
        int acked = increments(client, 20);
        Deployment.NodeEntry leader = awaitLeader(dir);
        Deployment.NodeEntry paused = otherReplica(dir, leader);
        signal("STOP", paused.pid());
        NodeId pausedId = NodeId.of(paused.address());
        awaitStatus(leader.address(), s -> !s.view().replicas().contains(pausedId), "removed");
        acked += increments(client, 100);

        signal("CONT", paused.pid());
        awaitStatus(leader.address(), s -> s.view().replicas().contains(pausedId), "re-added");
        assertTrue(
            Files.readString(paused.log()).contains("was removed from the view"),
            "the resumed replica says it was removed");
        awaitStatus(paused.address(), s -> s.slotExecutedMax() >= 120, "caught up after rejoin");
        acked += increments(client, 20);
        assertEquals(acked, (int) client.invoke("getvalue", int.class));
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  @Test
  void aPausedLeaderIsReplacedAndStepsDownWhenResumedWithoutApplyingTwice() throws Exception {
    Path dir = work.resolve("paused-leader");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = start(kit, dir, "0");
      try (ConcoordClient client = client(bootstrap)) {
        int acked = increments(client, 30);
        Deployment.NodeEntry old = awaitLeader(dir);
        StatusReply before = InstanceProbe.status(NodeId.of(old.address()));
        signal("STOP", old.pid());
        acked += increments(client, 100); // the others elect a leader and go on
        Deployment.NodeEntry successor = awaitLeaderOtherThan(dir, old);
        assertFalse(successor.address().equals(old.address()));

        signal("CONT", old.pid());
        StatusReply after =
            awaitStatus(
                old.address(),
                s -> !s.leading() && s.slotExecutedMax() >= 130,
                "stepped down and caught up");
        assertTrue(after.ballot().isAbove(before.ballot()), "it follows the newer ballot");
        acked += increments(client, 30);
        assertEquals(
            acked,
            (int) client.invoke("getvalue", int.class),
            "nothing applied twice, nothing lost");
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  private static Deployment.NodeEntry otherReplica(Path dir, Deployment.NodeEntry leader)
      throws Exception {
    return Deployment.read(dir).nodes().stream()
        .filter(n -> n.role().equals("replica") && !n.address().equals(leader.address()))
        .findFirst()
        .orElseThrow();
  }

  /** A leader other than {@code not} (the paused one still believes it leads). */
  private static Deployment.NodeEntry awaitLeaderOtherThan(Path dir, Deployment.NodeEntry not)
      throws Exception {
    return Poll.await(
        30,
        100,
        () -> "no new leader within 30 s",
        () -> {
          for (Deployment.NodeEntry node : Deployment.read(dir).nodes()) {
            if (node.role().equals("replica") && !node.address().equals(not.address())) {
              StatusReply status = InstanceProbe.status(NodeId.of(node.address()));
              if (status != null && status.leading()) {
                return node;
              }
            }
          }
          return null;
        });
  }

  private void restartReplica(ProcessKit kit, String name, String address, String bootstrap)
      throws Exception {
    String[] hostPort = address.split(":");
    kit.start(
        name,
        ProcessKit.CONCOORD.toString(),
        "replica",
        "-f",
        COUNTER,
        "-c",
        "Counter",
        "-a",
        hostPort[0],
        "-p",
        hostPort[1],
        "-b",
        bootstrap,
        "--retain-slots",
        "50");
  }

  static StatusReply awaitStatus(String address, Predicate<StatusReply> condition, String what)
      throws Exception {
    StatusReply[] last = new StatusReply[1];
    return Poll.await(
        30,
        100,
        () -> address + " not " + what + " within 30 s; last status " + last[0],
        () -> {
          last[0] = InstanceProbe.status(NodeId.of(address));
          return last[0] != null && last[0].view() != null && condition.test(last[0])
              ? last[0]
              : null;
        });
  }

  static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder(List.of("kill", "-" + signal, Long.toString(pid))).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }
}
