package org.concoord.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InstanceReplicaOptionsTest {
  @Test
  void initializePassesEverySharedOptionOnToItsReplicas() {
    InitializeCommand initialize = new InitializeCommand();
    new CommandLine(initialize)
        .parseArgs(
            "-f",
            "Counter.java",
            "-c",
            "Counter",
            "--explicit-create",
            "--objects-max",
            "500",
            "--remove-after",
            "4",
            "--state-max",
            "8m",
            "--retain-slots",
            "2000",
            "--no-read-lease");
    assertEquals(
        List.of(
            "--remove-after",
            "4",
            "--retain-slots",
            "2000",
            "--state-max",
            "8m",
            "--explicit-create",
            "--objects-max",
            "500",
            "--no-read-lease"),
        initialize.replicaOptions.arguments());
  }

  @Test
  void anAddedReplicaGetsTheSharedOptionsOfARecordedOneAndNothingElse() {
    List<String> recorded =
        List.of(
            "-f",
            "/x/Counter.java",
            "-c",
            "Counter",
            "--remove-after",
            "4",
            "-a",
            "127.0.0.1",
            "-p",
            "4000",
            "--explicit-create",
            "--tls-dir",
            "/x/tls",
            "--objects-max",
            "500",
            "--no-read-lease",
            "--data-dir",
            "/x/data/r1");
    assertEquals(
        List.of(
            "--remove-after", "4", "--explicit-create", "--objects-max", "500", "--no-read-lease"),
        InstanceReplicaOptions.sharedIn(recorded));
    assertEquals(List.of(), InstanceReplicaOptions.sharedIn(null));
  }

  /** A shared option that the replica command does not know would stop every replica. */
  @Test
  void everySharedOptionIsAReplicaOption() {
    CommandLine.Model.CommandSpec replica = new CommandLine(new ReplicaCommand()).getCommandSpec();
    for (String name : InstanceReplicaOptions.SHARED) {
      assertTrue(replica.findOption(name) != null, name);
    }
  }
}
