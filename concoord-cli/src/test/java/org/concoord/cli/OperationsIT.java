package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.runtime.storage.BackupFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's procedures of docs/operations.md on real processes, one instance feeding the next
 * to keep CI time down. Backups: {@code concoord snapshot save} under load on a secure 3+3 instance
 * (a named object and an access-policy grant besides the counter), then {@code snapshot restore}
 * into a new 2+3 instance: every replica of the new one holds exactly the saved objects and policy,
 * the counter lies between the increments acknowledged before and after the save, and the new
 * instance serves calls. A damaged backup (a flipped byte) is refused with a message naming what is
 * wrong, before anything starts. Disaster recovery, on the restored instance (2 replicas, 3
 * acceptors): {@code recover} refuses while a majority of acceptors runs; two acceptors killed with
 * kill -9 and their data deleted, {@code recover} without confirmation changes nothing, {@code
 * recover --yes} reports what may be lost and starts a new view from the survivors, which serves
 * every acknowledged increment on the old bootstrap addresses.
 */
class OperationsIT {
  @TempDir Path work;

  @Test
  void backupUnderLoadRestoreThenLoseTwoAcceptorsAndRecover() throws Exception {
    Path source = work.resolve("source");
    Path restored = work.resolve("restored");
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work))) {
      try {
        String bootstrap = FailuresIT.start(kit, source, 3, 3);
        run(kit, concoord, "call", "--dir", source.toString(), "-o", "tally", "increment");
        run(kit, concoord, "acl", "--dir", source.toString(), "grant", "alice", "reader");
        aNonAdminGetsNoBackup(source);
        ClientOptions options =
            ClientOptions.defaults()
                .withTls(
                    TlsCredentials.inDirectory(source.resolve("tls"), TlsCredentials.ADMIN_NAME));
        Path backupFile = work.resolve("counter.backup");
        SavedUnderLoad saved = saveUnderLoad(kit, concoord, source, backupFile, bootstrap, options);
        BackupFile.Backup backup = saved.backup();

        kit.run(120, concoord, "stop", "--dir", source.toString()); // frees the machine
        refusesDamaged(kit, concoord, backupFile);

        String restoring = restoreInto(kit, concoord, backupFile, backup, restored);
        ClientOptions restoredOptions =
            ClientOptions.defaults()
                .withTls(
                    TlsCredentials.inDirectory(restored.resolve("tls"), TlsCredentials.ADMIN_NAME));
        String[] lines = restoring.trim().split("\n");
        ConcoordClient restoredClient =
            ConcoordClient.connect(lines[lines.length - 1].trim(), restoredOptions);
        int value = restoredClient.invoke("getvalue", int.class);
        theSavedStateCameBack(kit, concoord, restored, value, saved);
        everyReplicaHoldsTheSavedState(kit, concoord, restored, backup);
        for (int i = 0; i < 20; i++) {
          restoredClient.invoke("increment", void.class);
        }
        assertEquals(
            value + 20,
            (int) restoredClient.invoke("getvalue", int.class),
            "the restored instance serves calls");
        restoredClient.close();

        String bootstrap2 = lines[lines.length - 1].trim();
        recoversFromTheLossOfTwoAcceptors(
            kit, concoord, restored, bootstrap2, restoredOptions, value + 20);
      } finally {
        kit.run(120, concoord, "stop", "--dir", source.toString());
        if (Files.exists(restored.resolve(Deployment.FILE))) {
          kit.run(120, concoord, "stop", "--dir", restored.toString());
        }
      }
    }
  }

  /** What a save under load took: the increments acknowledged before and after, and the file. */
  private record SavedUnderLoad(int before, int after, BackupFile.Backup backup) {}

  /**
   * Saves a backup of {@code source} while two clients increment; checks that no call failed and
   * that the backup is of a decided slot under load.
   */
  private static SavedUnderLoad saveUnderLoad(
      ProcessKit kit,
      String concoord,
      Path source,
      Path backupFile,
      String bootstrap,
      ClientOptions options)
      throws Exception {
    CountingClients clients = CountingClients.start(bootstrap, options, 2);
    clients.awaitAcked(50);
    int before = clients.acked();
    String saved =
        run(kit, concoord, "snapshot", "save", "--dir", source.toString(), backupFile.toString());
    int after = clients.acked();
    List<Throwable> failures = clients.stop();
    assertTrue(failures.isEmpty(), "calls failed while saving: " + failures);
    assertTrue(saved.contains("saved " + backupFile) && saved.contains("sha256"), saved);
    BackupFile.Backup backup = BackupFile.read(backupFile);
    assertTrue(backup.slot() > 50, "the backup is of a decided slot under load: " + saved);
    return new SavedUnderLoad(before, after, backup);
  }

  /** Restores {@code backupFile} into a new 2+3 instance; returns what the command printed. */
  private static String restoreInto(
      ProcessKit kit, String concoord, Path backupFile, BackupFile.Backup backup, Path restored)
      throws Exception {
    String restoring =
        run(
            kit,
            concoord,
            "snapshot",
            "restore",
            backupFile.toString(),
            "-f",
            FailuresIT.COUNTER,
            "-c",
            "Counter",
            "-r",
            "2",
            "-a",
            "3",
            "--dir",
            restored.toString());
    assertTrue(restoring.contains("slot " + backup.slot()), restoring);
    return restoring;
  }

  /**
   * The restored counter lies between the increments acknowledged before and after the save, and
   * the named object and the access policy came back.
   */
  private static void theSavedStateCameBack(
      ProcessKit kit, String concoord, Path restored, int value, SavedUnderLoad saved)
      throws Exception {
    assertTrue(
        value >= saved.before() && value <= saved.after(),
        "restored counter "
            + value
            + " lies between the increments acknowledged before ("
            + saved.before()
            + ") and after ("
            + saved.after()
            + ") the save");
    assertEquals(
        "1",
        run(kit, concoord, "call", "--dir", restored.toString(), "-o", "tally", "getvalue").trim(),
        "the named object came back");
    assertTrue(
        run(kit, concoord, "acl", "--dir", restored.toString(), "show")
            .contains("grant alice reader"),
        "the access policy came back");
  }

  /** A client certificate of the instance CA whose principal is no admin is refused /backup. */
  private static void aNonAdminGetsNoBackup(Path dir) throws Exception {
    Path tls = dir.resolve("tls");
    new CertificateAuthority(tls).issueClient("alice", CertificateAuthority.LEAF_VALIDITY);
    TlsCredentials alice = TlsCredentials.inDirectory(tls, "alice");
    String url = Deployment.read(dir).nodes().get(0).adminUrl() + "backup";
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newBuilder()
            .sslContext(alice.context())
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(403, answer.statusCode(), answer.body());
    assertTrue(
        answer.body().contains("backups are for admin principals, not 'alice'"), answer.body());
  }

  /**
   * Two of the three acceptors killed (kill -9) and their data deleted; {@code recover} refuses
   * before that, asks without {@code --yes}, and with it starts a new view from the survivors.
   */
  private void recoversFromTheLossOfTwoAcceptors(
      ProcessKit kit,
      String concoord,
      Path dir,
      String bootstrap,
      ClientOptions options,
      int expected)
      throws Exception {
    ProcessKit.Result healthy = kit.run(120, concoord, "recover", "--yes", "--dir", dir.toString());
    assertEquals(2, healthy.exitCode(), healthy.output());
    assertTrue(
        healthy.output().contains("3 of the 3 acceptors are running, a majority"),
        healthy.output());
    List<Deployment.NodeEntry> acceptors =
        Deployment.read(dir).nodes().stream().filter(n -> n.role().equals("acceptor")).toList();
    for (Deployment.NodeEntry victim : acceptors.subList(0, 2)) {
      ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
      ProcessHandle.of(victim.pid()).ifPresent(p -> p.onExit().join());
      Path data = Path.of(victim.args().get(victim.args().indexOf("--data-dir") + 1));
      try (var paths = Files.walk(data)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    ProcessKit.Result unconfirmed = kit.run(120, concoord, "recover", "--dir", dir.toString());
    assertEquals(1, unconfirmed.exitCode(), unconfirmed.output());
    assertTrue(
        unconfirmed.output().contains("not confirmed: nothing was changed"), unconfirmed.output());
    for (Deployment.NodeEntry node : Deployment.read(dir).nodes()) {
      if (node.role().equals("replica")) {
        assertTrue(ProcessState.isRunning(node.pid()), "an unconfirmed recover stopped nothing");
      }
    }
    String recovered = run(kit, concoord, "recover", "--yes", "--dir", dir.toString());
    assertTrue(
        recovered.contains(
            "2 of the 3 acceptors are lost (not running: "
                + acceptors.get(0).address()
                + ", "
                + acceptors.get(1).address()),
        recovered);
    assertTrue(
        recovered.contains("What may be lost (everything after slot ")
            && recovered.contains("surviving acceptor " + acceptors.get(2).address() + ": holds"),
        recovered);
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      assertEquals(
          expected,
          (int) client.invoke("getvalue", int.class),
          "the new view serves every increment acknowledged before the loss");
      client.invoke("increment", void.class);
      assertEquals(expected + 1, (int) client.invoke("getvalue", int.class));
    }
  }

  /** A joined replica of the restored instance, asked for a backup, has the saved state. */
  private void everyReplicaHoldsTheSavedState(
      ProcessKit kit, String concoord, Path restored, BackupFile.Backup saved) throws Exception {
    // The bootstrap replica restored the backup itself; the other one took it as a snapshot when
    // it joined: that is the one to check (one JVM less than checking both).
    for (Deployment.NodeEntry node : Deployment.read(restored).nodes()) {
      if (!node.role().equals("replica") || !node.args().contains("-b")) {
        continue;
      }
      Path copy = work.resolve("copy-" + node.pid() + ".backup");
      run(
          kit,
          concoord,
          "snapshot",
          "save",
          "--dir",
          restored.toString(),
          "--admin-url",
          node.adminUrl(),
          copy.toString());
      BackupFile.Backup held = BackupFile.read(copy);
      assertEquals(
          objects(saved), objects(held), "replica " + node.address() + " holds the saved objects");
      assertArrayEquals(
          saved.snapshot().access(),
          held.snapshot().access(),
          "replica " + node.address() + " holds the saved access policy");
      assertTrue(held.slot() >= saved.slot(), "the new instance continues after the saved slot");
    }
  }

  /**
   * Each object's name, class and state, as text (the state quota's counters left out: reads count
   * as calls there).
   */
  private static List<String> objects(BackupFile.Backup backup) {
    return ObjectSetCodec.decode(backup.snapshot().object()).objects().stream()
        .map(
            o ->
                o.name()
                    + " "
                    + o.className()
                    + " "
                    + new String(o.state(), java.nio.charset.StandardCharsets.UTF_8))
        .toList();
  }

  private void refusesDamaged(ProcessKit kit, String concoord, Path good) throws Exception {
    byte[] bytes = Files.readAllBytes(good);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    refused(kit, concoord, "flipped", flipped, "damaged: its SHA-256 checksum does not match");
    // Cut, grown and foreign files: BackupFileTest (the same check, without a JVM each).
  }

  private void refused(
      ProcessKit kit, String concoord, String name, byte[] content, String expected)
      throws Exception {
    Path file = Files.write(work.resolve(name + ".backup"), content);
    Path dir = work.resolve("never-" + name);
    ProcessKit.Result result =
        kit.run(
            120,
            concoord,
            "snapshot",
            "restore",
            file.toString(),
            "-f",
            FailuresIT.COUNTER,
            "-c",
            "Counter",
            "--dir",
            dir.toString());
    assertEquals(2, result.exitCode(), result.output());
    assertTrue(
        result.output().contains(expected) && result.output().contains(file.toString()),
        "the refusal names the file and what is wrong: " + result.output());
    assertFalse(Files.exists(dir), "nothing was started for a damaged backup");
  }

  private static String run(ProcessKit kit, String... command) throws Exception {
    ProcessKit.Result result = kit.run(240, command);
    assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.output());
    return result.output();
  }
}
