package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.client.tls.TlsCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concoord upgrade} on a secure 3+3 instance of the bundled Counter: two clients increment
 * all along while the code is upgraded to a Counter with a new field and a new method. No call
 * fails, the counter equals the acknowledged increments (none lost, none executed twice), and the
 * new method answers right after, from a client and from {@code concoord call}. An incompatible
 * upgrade is refused, naming the field, with the counter unchanged; the rollback goes back to the
 * original code with the count kept.
 */
class UpgradeIT {
  private static final String V2 = "concoord-cli/src/test/resources/upgrade/v2/Counter.java";
  private static final String INCOMPATIBLE =
      "concoord-cli/src/test/resources/upgrade/incompatible/Counter.java";

  @TempDir Path work;

  @Test
  void anUpgradeUnderLoadFailsNoCallAndTheNewMethodAnswersThenARollback() throws Exception {
    Path dir = work.resolve("instance");
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work))) {
      try {
        String bootstrap = FailuresIT.start(kit, dir, 3, 3);
        ClientOptions options =
            ClientOptions.defaults()
                .withTls(TlsCredentials.inDirectory(dir.resolve("tls"), TlsCredentials.ADMIN_NAME));
        CountingClients clients = CountingClients.start(bootstrap, options, 2);
        clients.awaitAcked(50);
        ProcessKit.Result upgraded =
            kit.run(120, concoord, "upgrade", "-f", V2, "-c", "Counter", "--dir", dir.toString());
        int atUpgrade = clients.acked();
        assertEquals(0, upgraded.exitCode(), upgraded.output());
        assertTrue(upgraded.output().contains("new: label (java.lang.String)"), upgraded.output());
        assertTrue(upgraded.output().contains("switched at slot"), upgraded.output());
        try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
          String labelled = client.invoke("labelled", String.class);
          assertTrue(labelled.startsWith("upgraded counter at "), labelled);
        }
        assertEveryReplicaKeptTheCode(dir);
        clients.awaitAcked(atUpgrade + 20); // still counting, under the new code
        List<Throwable> failures = clients.stop();
        assertTrue(failures.isEmpty(), "calls failed during the upgrade: " + failures);
        int count = clients.acked();
        ProcessKit.Result called =
            kit.run(60, concoord, "call", "--dir", dir.toString(), "labelled");
        assertEquals(0, called.exitCode(), called.output());
        assertTrue(called.output().contains("upgraded counter at " + count), called.output());

        anIncompatibleUpgradeIsRefused(kit, dir, bootstrap, options, count);
        aRollbackGoesBack(kit, dir, bootstrap, options, count);
      } finally {
        kit.run(120, concoord, "stop", "--dir", dir.toString());
      }
    }
  }

  /** The incompatible Counter (value as a String) is refused naming the field; nothing changes. */
  private static void anIncompatibleUpgradeIsRefused(
      ProcessKit kit, Path dir, String bootstrap, ClientOptions options, int count)
      throws Exception {
    String concoord = ProcessKit.CONCOORD.toString();
    ProcessKit.Result refused =
        kit.run(
            120, concoord, "upgrade", "-f", INCOMPATIBLE, "-c", "Counter", "--dir", dir.toString());
    assertEquals(1, refused.exitCode(), refused.output());
    assertTrue(
        refused
            .output()
            .contains("changed type: value (long -> java.lang.String) cannot carry over"),
        refused.output());
    assertTrue(refused.output().contains("nothing changed"), refused.output());
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      assertEquals(
          "upgraded counter at " + count,
          client.invoke("labelled", String.class),
          "the refused upgrade changed neither the code nor the counter");
    }
  }

  /** The rollback keeps the count and takes labelled() away again. */
  private static void aRollbackGoesBack(
      ProcessKit kit, Path dir, String bootstrap, ClientOptions options, int count)
      throws Exception {
    String concoord = ProcessKit.CONCOORD.toString();
    ProcessKit.Result rolledBack =
        kit.run(120, concoord, "upgrade", "--rollback", "--dir", dir.toString());
    assertEquals(0, rolledBack.exitCode(), rolledBack.output());
    assertTrue(rolledBack.output().contains("dropped: label"), rolledBack.output());
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      assertEquals(
          count,
          (int) client.invoke("getvalue", int.class),
          "the counter equals the acknowledged increments, through upgrade and rollback");
      assertThrows(
          ConcoordException.class,
          () -> client.invoke("labelled", String.class),
          "the original code has no labelled()");
    }
  }

  /** Each replica wrote the code the decided upgrade carried into its own data directory. */
  private static void assertEveryReplicaKeptTheCode(Path dir) throws Exception {
    List<Deployment.NodeEntry> replicas =
        Deployment.read(dir).nodes().stream().filter(n -> n.role().equals("replica")).toList();
    assertEquals(3, replicas.size());
    for (Deployment.NodeEntry replica : replicas) {
      Path code =
          LocalNodes.dataDirFor(dir.toAbsolutePath().resolve("data"), replica.address())
              .resolve("code");
      Poll.until(20, 100, () -> jars(code) != 0); // a follower may execute a bit later
      assertEquals(1, jars(code), replica.address() + " keeps the new code in " + code);
    }
  }

  private static long jars(Path code) throws java.io.IOException {
    if (!Files.isDirectory(code)) {
      return 0;
    }
    try (var files = Files.list(code)) {
      return files.filter(f -> f.toString().endsWith(".jar")).count();
    }
  }
}
