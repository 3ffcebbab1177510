package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

class RemoteNodeTest {
  static final InstanceSpec SPEC =
      new InstanceSpec(
          Path.of("/objects/Counter.java"),
          "Counter",
          "counterdomain",
          "128m",
          "fsync",
          List.of("--remove-after", "5"),
          null);

  @Test
  void learnsTheAddressFromEachRolesStartLine() {
    RemoteNode replica = new RemoteNode(Role.REPLICA, 0, 0);
    assertTrue(
        replica.learnFrom(
            "concoord replica 127.0.0.2:14123 of Counter (bootstrap: start"
                + " an acceptor with -b 127.0.0.2:14123)"));
    assertEquals("127.0.0.2:14123", replica.address);
    assertNull(replica.dns);

    RemoteNode nameserver = new RemoteNode(Role.NAMESERVER, 0, 1);
    assertTrue(
        nameserver.learnFrom(
            "concoord nameserver 127.0.0.3:14200 for counterdomain."
                + " answering DNS on 127.0.0.3 port 14301 (udp+tcp), joining 127.0.0.2:14123"));
    assertEquals("127.0.0.3:14200", nameserver.address);
    assertEquals("127.0.0.3:14301", nameserver.dns);
  }

  @Test
  void anotherRolesLineOrGarbageTeachesNothing() {
    RemoteNode acceptor = new RemoteNode(Role.ACCEPTOR, 2, 0);
    assertFalse(acceptor.learnFrom("concoord replica 127.0.0.2:14123 of Counter"));
    assertFalse(acceptor.learnFrom("Exception in thread main"));
    assertNull(acceptor.address);
    assertTrue(acceptor.learnFrom("concoord acceptor 127.0.0.4:14001 joining 127.0.0.2:14123"));
    assertEquals("127.0.0.4:14001", acceptor.address);
  }

  @Test
  void argumentsLetTheNodePickItsPortOnTheHostsAddress() {
    assertEquals(
        List.of(
            "replica",
            "-f",
            "Counter.java",
            "-c",
            "Counter",
            "-a",
            "127.0.0.2",
            "--durability",
            "fsync",
            "--remove-after",
            "5",
            "--insecure"),
        new RemoteNode(Role.REPLICA, 0, 0).arguments("127.0.0.2", null, SPEC));
    assertEquals(
        List.of(
            "acceptor",
            "-a",
            "127.0.0.3",
            "--durability",
            "fsync",
            "-b",
            "127.0.0.2:14123",
            "--insecure"),
        new RemoteNode(Role.ACCEPTOR, 1, 1).arguments("127.0.0.3", "127.0.0.2:14123", SPEC));
    assertEquals(
        List.of(
            "nameserver",
            "-n",
            "counterdomain",
            "-t",
            "1",
            "-p",
            "0",
            "--addr",
            "127.0.0.4",
            "-b",
            "127.0.0.2:14123",
            "--insecure"),
        new RemoteNode(Role.NAMESERVER, 0, 2).arguments("127.0.0.4", "127.0.0.2:14123", SPEC));
    assertEquals("nameserver-0.log", new RemoteNode(Role.NAMESERVER, 0, 2).log());
  }

  @Test
  void withACaTheNodeGetsItsPortAndCertificateDirectory() {
    InstanceSpec secure =
        new InstanceSpec(
            SPEC.file(),
            "Counter",
            "counterdomain",
            "128m",
            "fsync",
            List.of(),
            Path.of("/deploy/tls"));
    assertEquals(
        List.of(
            "acceptor",
            "-a",
            "127.0.0.3",
            "--durability",
            "fsync",
            "-p",
            "14007",
            "-b",
            "127.0.0.2:14123",
            "--tls-dir",
            "tls"),
        new RemoteNode(Role.ACCEPTOR, 1, 1)
            .arguments("127.0.0.3", 14007, "127.0.0.2:14123", secure));
    assertEquals(
        List.of(
            "nameserver",
            "-n",
            "counterdomain",
            "-t",
            "1",
            "-p",
            "0",
            "--addr",
            "127.0.0.4:14008",
            "-b",
            "127.0.0.2:14123",
            "--tls-dir",
            "tls"),
        new RemoteNode(Role.NAMESERVER, 0, 2)
            .arguments("127.0.0.4", 14008, "127.0.0.2:14123", secure));
  }
}
