package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
  @TempDir Path dir;

  @Test
  void aRemoteDeploymentReadsBackAsWritten() throws Exception {
    // accept-new is never written (SshHostKeysTest): a round trip keeps everything else.
    SshSettings ssh =
        new SshSettings(
            "deploy",
            Path.of("/keys/id"),
            2222,
            Path.of("/kh"),
            false,
            "/opt/java",
            "/srv/concoord");
    DeploymentHosts hosts =
        new DeploymentHosts(
            "counter-1",
            ssh,
            List.of(
                HostsFile.parseLine("127.0.0.2"), HostsFile.parseLine("u@h:23 10.0.0.3 java=/j")),
            java.util.Arrays.asList("/srv/concoord/counter-1-127.0.0.2", null),
            DeploymentHosts.RUNNING);
    Deployment written =
        new Deployment(
            "127.0.0.2:14000",
            "counterdomain",
            List.of(
                new Deployment.NodeEntry(
                    "replica", "127.0.0.2:14000", 41, Path.of("/r.log"), null, 0),
                new Deployment.NodeEntry(
                    "nameserver", "127.0.0.2:14001", 42, Path.of("/n.log"), "127.0.0.2:14002", 0),
                new Deployment.NodeEntry("acceptor", "127.0.0.1:14003", 43, Path.of("/a.log"))),
            new Deployment.ObjectRef(Path.of("/objects/Counter.java"), "Counter"),
            hosts);
    written.write(dir);
    Deployment read = Deployment.read(dir);
    assertEquals(written, read);
    assertTrue(read.nodes().get(2).local());
    assertEquals(
        "/srv/concoord/counter-1-10.0.0.3", read.remote().dirFor(read.remote().hosts().get(1)));
    assertEquals(1, read.remote().indexOf("10.0.0.3"));
    assertEquals(1, read.remote().indexOf("h:23"));
  }

  @Test
  void aLocalDeploymentHasNoHosts() throws Exception {
    new Deployment(
            "127.0.0.1:14000",
            null,
            List.of(new Deployment.NodeEntry("replica", "127.0.0.1:14000", 7, Path.of("/r.log"))))
        .write(dir);
    Deployment read = Deployment.read(dir);
    assertNull(read.remote());
    assertNull(read.object());
    assertTrue(read.nodes().get(0).local());
  }
}
