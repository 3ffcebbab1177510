package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.cli.deploy.InstanceProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User objects through real processes (bin/concoord): a BigDecimal keeps its scale on a replica
 * that caught up by snapshot after the others died (the case 1, which failed before: "0.10"
 * came back as "0.1"); a replica refuses an object that fails the check, naming it, and hosts it
 * with --unchecked; {@code call} prints records and classes as objects, nothing for void, "empty"
 * for an empty Optional, and takes bare words and varargs.
 */
class ObjectsIT {
  @TempDir Path work;

  private static Path resource(String name, Path dir) throws Exception {
    Path source = Path.of(ObjectsIT.class.getResource("/objects/" + name).toURI());
    return Files.copy(source, dir.resolve(name));
  }

  private static String call(ProcessKit kit, String bootstrap, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of(ProcessKit.CONCOORD.toString(), "call", "-b", bootstrap));
    command.addAll(List.of(args));
    ProcessKit.Result result = kit.run(120, command.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.output());
    return result.output();
  }

  @Test
  void aBigDecimalKeepsItsScaleOnAReplicaCaughtUpBySnapshotAfterTheLeaderDied() throws Exception {
    Path wallet = resource("Wallet.java", work);
    String concoord = ProcessKit.CONCOORD.toString();
    String[] small = {"--retain-slots", "4", "--snapshot-every", "2", "--remove-after", "0"};
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      Process first =
          kit.start(
              "replica-1",
              withAll(
                  List.of(concoord, "replica", "-f", wallet.toString(), "-c", "Wallet"), small));
      String bootstrap = TutorialIT.address(kit.awaitLine("replica-1", "concoord replica", 120));
      kit.start("acceptor-1", concoord, "acceptor", "-b", bootstrap);
      kit.awaitLine("acceptor-1", "concoord acceptor", 120);
      Process second =
          kit.start(
              "replica-2",
              withAll(
                  List.of(
                      concoord,
                      "replica",
                      "-f",
                      wallet.toString(),
                      "-c",
                      "Wallet",
                      "-b",
                      bootstrap),
                  small));
      kit.awaitLine("replica-2", "concoord replica", 120);

      assertEquals("0.10", call(kit, bootstrap, "deposit", "\"0.10\"").trim().replace("\"", ""));
      for (int i = 0; i < 6; i++) { // past the retention: a new replica needs a snapshot
        call(kit, bootstrap, "deposit", "\"1.1000\"");
      }
      kit.start(
          "replica-3",
          withAll(
              List.of(
                  concoord, "replica", "-f", wallet.toString(), "-c", "Wallet", "-b", bootstrap),
              small));
      String third = TutorialIT.address(kit.awaitLine("replica-3", "concoord replica", 120));
      awaitCaughtUp(kit, third);

      first.destroyForcibly(); // the leader dies, and so does the other replica that executed
      second.destroyForcibly();
      first.waitFor();
      second.waitFor();
      assertEquals("\"6.7000\"", call(kit, third, "balance").trim());
      assertEquals("\"1.1000\"", call(kit, third, "last").trim());
    }
  }

  /** Bounded polling until the joined replica reports the instance's executed slot. */
  private static void awaitCaughtUp(ProcessKit kit, String replica) throws Exception {
    Poll.await(
        120,
        200,
        () -> replica + " did not catch up within 120 s",
        () -> {
          var status = InstanceProbe.status(org.concoord.core.NodeId.of(replica));
          return status != null && status.slotExecutedMax() >= 7;
        });
  }

  private static String[] withAll(List<String> head, String[] tail) {
    List<String> all = new java.util.ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void aReplicaRefusesAnObjectThatFailsTheCheckUnlessUnchecked() throws Exception {
    Path dice = resource("Dice.java", work);
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      ProcessKit.Result refused =
          kit.run(120, concoord, "replica", "-f", dice.toString(), "-c", "Dice");
      assertEquals(1, refused.exitCode(), refused.output());
      assertTrue(
          refused.output().contains("Dice.roll:6: calls java.lang.Math.random"), refused.output());
      ProcessKit.Result object =
          kit.run(120, concoord, "object", "-f", dice.toString(), "-c", "Dice", "-s");
      assertEquals(1, object.exitCode(), object.output());
      assertTrue(
          object.output().contains("Dice.roll:6: calls java.lang.Math.random"), object.output());

      kit.start(
          "unchecked", concoord, "replica", "-f", dice.toString(), "-c", "Dice", "--unchecked");
      kit.awaitLine("unchecked", "WARNING: --unchecked: hosting Dice", 120);
      kit.awaitLine("unchecked", "concoord replica", 120);
    }
  }

  @Test
  void callPrintsObjectsByFieldNameNothingForVoidAndEmptyForAnEmptyOptional() throws Exception {
    Path shelf = resource("Shelf.java", work);
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      kit.start("replica-1", concoord, "replica", "-f", shelf.toString(), "-c", "Shelf");
      String bootstrap = TutorialIT.address(kit.awaitLine("replica-1", "concoord replica", 120));
      kit.start("acceptor-1", concoord, "acceptor", "-b", bootstrap);
      kit.awaitLine("acceptor-1", "concoord acceptor", 120);

      assertEquals("", call(kit, bootstrap, "put", "tea", "\"0.10\""), "void prints nothing");
      assertEquals("{\"name\":\"tea\",\"price\":\"0.10\"}\n", call(kit, bootstrap, "item", "tea"));
      assertEquals("{\"count\":1,\"label\":\"top\"}\n", call(kit, bootstrap, "box", "top"));
      assertEquals("\"0.10\"\n", call(kit, bootstrap, "find", "tea"));
      assertEquals("empty\n", call(kit, bootstrap, "find", "jam"));
      assertEquals("6\n", call(kit, bootstrap, "sum", "[1,2,3]"));
    }
  }

  @Test
  void aPortInUseIsNamedWhenANodeCannotBind() throws Exception {
    Path wallet = resource("Wallet.java", work);
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      kit.start("replica-1", concoord, "replica", "-f", wallet.toString(), "-c", "Wallet");
      String address = TutorialIT.address(kit.awaitLine("replica-1", "concoord replica", 120));
      String port = address.substring(address.lastIndexOf(':') + 1);
      ProcessKit.Result clash = kit.run(120, concoord, "acceptor", "-p", port, "-b", address);
      assertTrue(clash.exitCode() != 0, clash.output());
      assertTrue(
          clash.output().contains("already in use") && clash.output().contains(":" + port),
          clash.output());
    }
  }
}
