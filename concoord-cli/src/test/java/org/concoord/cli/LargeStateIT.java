package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.host.StateQuotaExceededException;
import org.concoord.core.message.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object states larger than a frame, with real processes: a new replica is handed 40 MiB of state
 * in chunks (the 200 MiB run is docs/measure/snapshot-200m.sh); values of 5 MiB are taken until the
 * state quota refuses one, naming the quota and the size, and the instance keeps serving reads and
 * shrinking calls, and growth again once there is room, with no node lost.
 */
class LargeStateIT {
  static final String BIG_STATE = "concoord-cli/src/test/resources/objects/BigState.java";
  static final int MIB = 1 << 20;

  @TempDir Path work;

  @Test
  void aNewReplicaIsHandedStateLargerThanAFrameInChunks() throws Exception {
    Path dir = work.resolve("chunks");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String first = initializeBigState(kit, dir, 1, "--retain-slots", "20", "--heap", "512m");
      try {
        try (ConcoordClient client = client(first)) {
          assertEquals(40, (int) client.invoke("grow", int.class, 40, MIB));
          // Well past the 20 slots retained; a write call each (grow by nothing), since a
          // read-only call such as size() takes no slot any more (issue 20's read index).
          for (int i = 0; i < 40; i++) {
            client.invoke("grow", int.class, 0, 1);
          }
        }
        ProcessKit.Result added =
            kit.run(
                240,
                ProcessKit.CONCOORD.toString(),
                "addnode",
                "-t",
                "2",
                "--dir",
                dir.toString(),
                "--heap",
                "512m");
        assertEquals(0, added.exitCode(), added.output());
        Deployment.NodeEntry joined = awaitJoinedBySnapshot(dir, first);

        Deployment.NodeEntry old =
            Deployment.read(dir).nodes().stream()
                .filter(n -> n.address().equals(first))
                .findFirst()
                .orElseThrow();
        ProcessHandle.of(old.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try (ConcoordClient client = client(first + "," + joined.address())) {
          assertEquals(
              40L * MIB,
              (long) client.invoke("chars", long.class),
              "the new replica, alone, holds the whole state");
        }
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
        keepLogs(dir, "largestate-logs");
      }
    }
  }

  /**
   * Initializes an instance of BigState with {@code nodes} replicas and as many acceptors, then
   * {@code options}; returns its bootstrap.
   */
  static String initializeBigState(ProcessKit kit, Path dir, int nodes, String... options)
      throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                ProcessKit.CONCOORD.toString(),
                "initialize",
                "-f",
                BIG_STATE,
                "-c",
                "BigState",
                "-r",
                String.valueOf(nodes),
                "-a",
                String.valueOf(nodes),
                "--dir",
                dir.toString()));
    command.addAll(java.util.List.of(options));
    ProcessKit.Result started = kit.run(240, command.toArray(String[]::new));
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  /**
   * Waits for the replica added next to {@code first} to be caught up by a snapshot larger than a
   * frame; returns it.
   */
  private static Deployment.NodeEntry awaitJoinedBySnapshot(Path dir, String first)
      throws Exception {
    Deployment.NodeEntry joined =
        Deployment.read(dir).nodes().stream()
            .filter(n -> n.role().equals("replica") && !n.address().equals(first))
            .findFirst()
            .orElseThrow();
    String line = awaitLogLine(joined.log(), "caught up by snapshot", 120);
    Matcher object = Pattern.compile("object (\\d+) bytes").matcher(line);
    assertTrue(object.find(), line);
    assertTrue(
        Long.parseLong(object.group(1)) > WireFormat.FRAME_LENGTH_MAX,
        "the state handed over exceeds one frame: " + line);

    return joined;
  }

  /** The nodes' logs outlive the temporary directory: a failed run says why there. */
  static void keepLogs(Path dir, String name) throws java.io.IOException {
    Path kept = Files.createDirectories(ProcessKit.ROOT.resolve("concoord-cli/target/" + name));
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(
            log,
            kept.resolve(log.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void valuesOfFiveMegabytesAreTakenUntilTheQuotaRefusesOneAndTheInstanceServesOn()
      throws Exception {
    Path dir = work.resolve("quota");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = initializeBigState(kit, dir, 3, "--state-max", "32m");
      try (ConcoordClient client = client(bootstrap)) {
        // 5 MiB as a list of five strings (a string is bounded by 1 MiB)
        java.util.List<String> value = java.util.Collections.nCopies(5, "v".repeat(MIB - 64));
        int taken = 0;
        StateQuotaExceededException refused = null;
        while (refused == null && taken < 20) {
          try {
            client.invoke("addAll", int.class, value);
            taken++;
          } catch (StateQuotaExceededException e) {
            refused = e;
          }
        }
        assertNotNull(refused, "20 values of 5 MiB taken under a 32 MiB quota");
        assertTrue(taken >= 4 && taken <= 6, "values taken before the quota: " + taken);
        assertTrue(
            refused.getMessage().contains("--state-max 33554432")
                && refused.getMessage().contains("BigState"),
            refused.getMessage());
        assertEquals(
            5 * taken, (int) client.invoke("size", int.class), "the refused call was undone");
        for (int i = 1; i <= 5; i++) {
          assertEquals(
              5 * taken - i, (int) client.invoke("removeLast", int.class), "shrinking runs");
        }
        assertEquals(
            5 * taken, (int) client.invoke("addAll", int.class, value), "room again: growth runs");

        String leader = FailuresIT.awaitLeader(dir).address();
        StatusReply status = InstanceProbe.status(NodeId.of(leader));
        assertNotNull(status);
        assertTrue(status.stateBytes() > 20L * MIB, "status names the size: " + status);
        for (Deployment.NodeEntry node : Deployment.read(dir).nodes()) {
          assertTrue(
              ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false),
              node + " died");
        }
        ProcessKit.Result shown =
            kit.run(60, ProcessKit.CONCOORD.toString(), "status", "-b", bootstrap);
        assertEquals(0, shown.exitCode(), shown.output());
        assertTrue(shown.output().contains("MiB"), shown.output());
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  static ConcoordClient client(String bootstrap) {
    return ConcoordClient.connect(
        bootstrap,
        ClientOptions.defaults()
            .withRequestTimeout(Duration.ofSeconds(2))
            .withCallTimeout(Duration.ofSeconds(120)));
  }

  static String awaitLogLine(Path log, String text, int seconds) throws Exception {
    String line =
        Poll.answer(
            seconds,
            200,
            () ->
                !Files.exists(log)
                    ? null
                    : Files.readAllLines(log).stream()
                        .filter(l -> l.contains(text))
                        .findFirst()
                        .orElse(null));
    if (line != null) {
      return line;
    }
    fail(
        log
            + " has no line with '"
            + text
            + "' after "
            + seconds
            + " s:\n"
            + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    return null;
  }
}
