package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.concoord.cli.FailuresIT;
import org.concoord.cli.ProcessKit;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.objects.CounterProxy;
import org.junit.jupiter.api.Test;

/**
 * {@code initialize --hosts} and {@code addnode --host} against a real sshd (Debian's
 * openssh-server, started by the test on a free port of 127.0.0.2, 127.0.0.3 and 127.0.0.4, each
 * address one host), with host keys checked: an instance of 3 replicas, 3 acceptors and a
 * nameserver is deployed across the three hosts, called through its domain, restarts one node at a
 * time while a client counts, grows by a replica, loses a whole host to kill -9 and keeps counting,
 * and stops leaving nothing running. Bad input (an unreachable host, a wrong key, an unknown host
 * key, no Java on a host, an object that does not compile, a node that cannot start on one host)
 * fails with the host and the step named and leaves nothing running and nothing copied.
 */
class SshDeployIT extends ThreeSshHosts {
  @Test
  void anInstanceAcrossThreeHostsGrowsLosesAHostKeepsCountingAndStops() throws Exception {
    Path dir = work.resolve("deployment");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      Deployment.NodeEntry nameserver = deployAcrossThreeHosts(kit, dir);

      try (CounterProxy counter = new CounterProxy("counterdomain@" + nameserver.dns())) {
        for (int i = 0; i < 20; i++) {
          counter.increment();
        }
        assertEquals(20, counter.getvalue());
        int acked = restartsRollingWhileAClientCounts(kit, dir);
        assertEquals(
            20 + acked,
            counter.getvalue(),
            "the counter equals the acknowledged" + " increments: none lost, none executed twice");

        Deployment grown = growsByAReplicaOnTheThirdHost(kit, dir);

        List<Deployment.NodeEntry> lostHost =
            grown.nodes().stream().filter(n -> n.host() == HOSTS.indexOf("127.0.0.3")).toList();
        assertEquals(2, lostHost.size(), "a replica and an acceptor on 127.0.0.3");
        for (Deployment.NodeEntry node : lostHost) {
          ProcessHandle process = ProcessHandle.of(node.pid()).orElseThrow();
          process.destroyForcibly(); // kill -9
          process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (int i = 0; i < 20; i++) {
          counter.increment();
        }
        assertEquals(40 + acked, counter.getvalue(), "every increment once, after losing a host");
      }

      ProcessKit.Result stopped =
          kit.run(120, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      assertEquals(0, stopped.exitCode(), stopped.output());
      assertTrue(stopped.output().contains("6 of 8 processes were running"), stopped.output());
      assertNothingRunsFrom(remoteDir());
      assertEquals(DeploymentHosts.STOPPED, Deployment.read(dir).remote().state());
    }
  }

  /**
   * Initializes the instance across the three hosts: one replica and one acceptor on each, every
   * step reported up to serving; returns the nameserver's entry.
   */
  private Deployment.NodeEntry deployAcrossThreeHosts(ProcessKit kit, Path dir) throws Exception {
    ProcessKit.Result started =
        kit.run(
            300,
            initialize(hostsFile("# three hosts", "127.0.0.2", "127.0.0.3", "127.0.0.4"))
                .toArray(String[]::new));
    assertEquals(0, started.exitCode(), started.output());
    assertTrue(
        started
            .output()
            .contains(
                "losing one host costs at most 1 of 3 replicas and 1"
                    + " of 3 acceptors; the instance survives"),
        started.output());
    for (Progress.State state : Progress.State.values()) {
      if (state.compareTo(Progress.State.SERVING) <= 0) {
        assertTrue(
            started.output().contains(": " + state.word()), state + ":\n" + started.output());
      }
    }
    Deployment deployment = Deployment.read(dir);
    assertEquals(7, deployment.nodes().size());
    for (int host = 0; host < HOSTS.size(); host++) {
      int index = host;
      List<Deployment.NodeEntry> here =
          deployment.nodes().stream().filter(n -> n.host() == index).toList();
      assertEquals(1, here.stream().filter(n -> n.role().equals("replica")).count());
      assertEquals(1, here.stream().filter(n -> n.role().equals("acceptor")).count());
      here.forEach(n -> assertTrue(n.address().startsWith(HOSTS.get(index) + ":"), n + ""));
    }
    String[] lines = started.output().trim().split("\n");
    assertEquals(deployment.bootstrap(), lines[lines.length - 1].trim());
    return deployment.nodes().stream().filter(n -> n.dns() != null).findFirst().orElseThrow();
  }

  /** {@code addnode -t 2 --host 127.0.0.4}: a fourth replica there, in the view. */
  private static Deployment growsByAReplicaOnTheThirdHost(ProcessKit kit, Path dir)
      throws Exception {
    ProcessKit.Result added =
        kit.run(
            180,
            ProcessKit.CONCOORD.toString(),
            "addnode",
            "-t",
            "2",
            "--host",
            "127.0.0.4",
            "--dir",
            dir.toString());
    assertEquals(0, added.exitCode(), added.output());
    Deployment grown = Deployment.read(dir);
    Deployment.NodeEntry replica = grown.nodes().get(grown.nodes().size() - 1);
    assertEquals("replica", replica.role());
    assertTrue(replica.address().startsWith("127.0.0.4:"), replica.address());
    View view = InstanceProbe.view(org.concoord.runtime.Addresses.parseList(grown.bootstrap()));
    assertTrue(InstanceProbe.isMember(view, Role.REPLICA, replica.address()), view + "");
    assertEquals(4, view.replicas().size());
    return grown;
  }

  /**
   * {@code restart --rolling} of the deployment over SSH while a client increments all along: every
   * node runs again under a new pid at its address, the deployment file records it, and no call
   * fails. Returns the increments the client had acknowledged.
   */
  static int restartsRollingWhileAClientCounts(ProcessKit kit, Path dir) throws Exception {
    Deployment before = Deployment.read(dir);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger acked = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread client =
        new Thread(
            () -> {
              try (CounterProxy counting = new CounterProxy(before.bootstrap())) {
                while (running.get()) {
                  counting.increment();
                  acked.incrementAndGet();
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            });
    client.start();
    ProcessKit.Result restarted;
    long began = System.nanoTime();
    try {
      restarted =
          kit.run(
              300, ProcessKit.CONCOORD.toString(), "restart", "--rolling", "--dir", dir.toString());
    } finally {
      running.set(false);
      client.join(120_000);
    }
    System.out.printf(
        "rolling restart over SSH: %.1f s, %d increments:%n%s%n",
        (System.nanoTime() - began) / 1e9, acked.get(), restarted.output());
    assertEquals(0, restarted.exitCode(), restarted.output());
    assertTrue(failures.isEmpty(), "calls failed during the rolling restart: " + failures);
    assertTrue(acked.get() > 0, "the client made progress");
    Deployment after = Deployment.read(dir);
    assertEquals(before.nodes().size(), after.nodes().size());
    for (int i = 0; i < before.nodes().size(); i++) {
      Deployment.NodeEntry old = before.nodes().get(i);
      Deployment.NodeEntry now = after.nodes().get(i);
      assertEquals(old.address(), now.address());
      assertNotEquals(old.pid(), now.pid(), now.address() + " was restarted");
      assertTrue(ProcessState.isRunning(now.pid()), now.address() + " runs as " + now.pid());
      assertFalse(ProcessState.isRunning(old.pid()), old.address() + " still runs as " + old.pid());
    }
    List<String> order =
        restarted
            .output()
            .lines()
            .filter(l -> l.startsWith("restarting "))
            .map(l -> l.split(" ")[1])
            .toList();
    assertEquals(
        List.of("nameserver", "acceptor", "acceptor", "acceptor", "replica", "replica", "replica"),
        order,
        restarted.output());
    return acked.get();
  }

  @Test
  void anUnreachableHostIsNamedAtConnectAndNothingIsCopied() throws Exception {
    int closed = SshdKit.freePort(List.of("127.0.0.2"));
    String output = failsWith(initialize(hostsFile("127.0.0.3", "127.0.0.2:" + closed)));
    assertTrue(
        output.contains("host 127.0.0.2:" + closed + ", step connect: cannot reach"), output);
    assertNothingCopiedOrRunning();
  }

  @Test
  void aWrongKeyAnUnknownOrChangedHostKeyAreNamedAtConnect() throws Exception {
    String wrongKey =
        failsWith(initialize(hostsFile("127.0.0.2"), "--ssh-key", sshd.strangerKey().toString()));
    assertTrue(
        wrongKey.contains("host 127.0.0.2, step connect: authentication failed for "), wrongKey);
    Path empty = Files.writeString(work.resolve("empty_known_hosts"), "");
    String unknown =
        failsWith(initialize(hostsFile("127.0.0.2"), "--known-hosts", empty.toString()));
    assertTrue(
        unknown.contains(
            "host 127.0.0.2, step connect: the host key of 127.0.0.2 port "
                + sshd.port
                + " is not in "
                + empty),
        unknown);
    assertTrue(Files.readString(empty).isEmpty(), "nothing learned without --accept-new");

    // accept-new trusts the unknown host and records its key (the run then stops at check-java).
    String accepted =
        failsWith(
            initialize(
                hostsFile("127.0.0.2"),
                "--known-hosts",
                empty.toString(),
                "--accept-new-host-keys",
                "--java",
                "/nonexistent/bin/java"));
    assertTrue(
        accepted.contains(
            "accepted the new host key [127.0.0.2]:" + sshd.port + " ssh-ed25519 SHA256:"),
        accepted);
    assertTrue(accepted.contains("host 127.0.0.2, step check-java"), accepted);
    String learned = Files.readString(empty);
    assertTrue(learned.startsWith("[127.0.0.2]:" + sshd.port + " ssh-ed25519 "), learned);

    // A recorded key that differs is refused, accept-new or not.
    Files.writeString(
        empty,
        "[127.0.0.2]:" + sshd.port + " " + Files.readString(Path.of(sshd.strangerKey() + ".pub")));
    String changed =
        failsWith(
            initialize(
                hostsFile("127.0.0.2"),
                "--known-hosts",
                empty.toString(),
                "--accept-new-host-keys"));
    assertTrue(
        changed.contains(
            "host 127.0.0.2, step connect: the host key of 127.0.0.2 port "
                + sshd.port
                + " differs from the one in "
                + empty
                + ": refusing"),
        changed);
    assertNothingCopiedOrRunning();
  }

  @Test
  void noJavaOnAHostIsNamedAtCheckJava() throws Exception {
    String output =
        failsWith(
            initialize(hostsFile("127.0.0.2", "127.0.0.3"), "--java", "/nonexistent/bin/java"));
    assertTrue(
        output.contains(
            "host 127.0.0.2, step check-java: no Java on the host:"
                + " '/nonexistent/bin/java' is not a command there"),
        output);
    assertNothingCopiedOrRunning();
  }

  @Test
  void anObjectThatDoesNotCompileIsRefusedBeforeAnyHostIsContacted() throws Exception {
    List<String> command = initialize(hostsFile("127.0.0.2"));
    command.set(
        command.indexOf(FailuresIT.COUNTER),
        "concoord-cli/src/test/resources/tutorial/Broken.java");
    command.set(command.indexOf("Counter"), "Broken");
    String output = failsWith(command);
    assertTrue(
        output.contains(
            "step compile (here, before any node starts): the object"
                + " concoord-cli/src/test/resources/tutorial/Broken.java does not load"),
        output);
    assertTrue(output.contains("Broken.java:3: error: cannot find symbol"), output);
    assertFalse(output.contains("connected"), output);
    assertNothingCopiedOrRunning();
  }

  @Test
  void aNodeThatCannotStartOnOneHostRollsBackEveryHost() throws Exception {
    // A host whose Java passes the check but starts no program (as on a host out of memory).
    Path brokenJava = work.resolve("broken-java");
    Files.writeString(
        brokenJava,
        "#!/bin/sh\nif [ \"$1\" = -version ]; then\n"
            + "  echo 'openjdk version \"17.0.9\" 2023-10-17' >&2; exit 0\nfi\n"
            + "echo 'Error occurred during initialization of VM' >&2\nexit 1\n");
    assertTrue(brokenJava.toFile().setExecutable(true));
    String output =
        failsWith(initialize(hostsFile("127.0.0.2", "127.0.0.3", "127.0.0.4 java=" + brokenJava)));
    assertTrue(output.contains("host 127.0.0.4, step start: replica 2 (pid "), output);
    assertTrue(output.contains("Error occurred during initialization of VM"), output);
    assertTrue(output.contains("rolled back:"), output);
    assertTrue(
        output.matches(
            "(?s).*host 127\\.0\\.0\\.2: killed replica 0 \\(pid \\d+\\),"
                + " acceptor 0 \\(pid \\d+\\).*"),
        output);
    assertTrue(output.contains("host 127.0.0.3: killed replica 1"), output);
    Deployment recorded = Deployment.read(work.resolve("deployment"));
    assertEquals(DeploymentHosts.ROLLED_BACK, recorded.remote().state());
    assertFalse(recorded.nodes().isEmpty());
    for (Deployment.NodeEntry node : recorded.nodes()) {
      assertGone(node);
    }
    assertNothingCopiedOrRunning();
  }
}
