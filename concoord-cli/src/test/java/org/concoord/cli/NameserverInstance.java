package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.View;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * NameserverIT's instance and its DNS helpers: a local counter instance of 2 replicas, 1 acceptor
 * and one nameserver of {@value #DOMAIN}, started once for the class by {@code concoord initialize
 * -n 1} and stopped after it; {@code dig} at its DNS port, the SOA serial, views polled from the
 * replicas. The other nameserver ITs use the static helpers. Not thread-safe.
 */
abstract class NameserverInstance {
  static final String COUNTER = FailuresIT.COUNTER;
  static final String DOMAIN = "counterdomain";

  /** How soon after the view changes the DNS answers must show it. */
  static final long FOLLOW_MILLIS = 2_000;

  @TempDir static Path work;
  static ProcessKit kit;
  static Path dir;
  static String bootstrap;
  static int dnsPort;

  @BeforeAll
  static void startInstance() throws Exception {
    kit = new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext();
    dir = work.resolve("instance");
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
            "2",
            "-a",
            "1",
            "-n",
            "1",
            "-s",
            DOMAIN,
            "--dir",
            dir.toString());
    assertEquals(0, started.exitCode(), started.output());
    assertTrue(started.output().contains("on DNS port"), started.output());
    String[] lines = started.output().trim().split("\n");
    bootstrap = lines[lines.length - 1].trim();
    dnsPort = dnsPort(dir);
  }

  static int dnsPort(Path dir) throws Exception {
    return Deployment.read(dir).nodes().stream()
        .filter(n -> n.dns() != null)
        .map(n -> Addresses.parse(n.dns()).getPort())
        .findFirst()
        .orElseThrow();
  }

  @AfterAll
  static void stopInstance() throws Exception {
    kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
    kit.close();
  }

  static String dig(int port, String... query) throws Exception {
    return Dig.run(kit, port, query);
  }

  static String dig(String... query) throws Exception {
    return Dig.run(kit, dnsPort, query);
  }

  static List<String> answers(String output) {
    return Dig.answers(output);
  }

  static long serial() throws Exception {
    String soa = answers(dig(DOMAIN, "SOA")).get(0);
    Matcher m = Pattern.compile("hostmaster\\.counterdomain\\. (\\d+) ").matcher(soa);
    assertTrue(m.find(), soa);
    return Long.parseLong(m.group(1));
  }

  static List<NodeId> replicasInDeployment(Path dir) throws Exception {
    return Deployment.read(dir).nodes().stream()
        .filter(n -> n.role().equals("replica"))
        .map(n -> NodeId.of(n.address()))
        .toList();
  }

  /** Polls a replica's status (its newest view) until {@code condition}; returns the time. */
  static long awaitView(List<NodeId> replicas, Predicate<View> condition, String what)
      throws Exception {
    return Poll.await(
        60,
        20,
        () -> "the view never showed " + what,
        () -> {
          for (NodeId replica : replicas) {
            StatusReply reply = InstanceProbe.status(replica);
            if (reply != null && reply.view() != null && condition.test(reply.view())) {
              return System.currentTimeMillis();
            }
          }
          return null;
        });
  }

  /** A replica that joined, and when a view first showed it. */
  record Joined(NodeId node, long viewChangedMillis) {
    int port() {
      return Integer.parseInt(node.address().substring(node.address().lastIndexOf(':') + 1));
    }
  }

  /**
   * Starts a Counter replica on a free port of 127.0.0.1 that asks {@code bootstrap} to add it, and
   * waits until a view of {@code replicas} shows it; a wait that fails appends the logs of {@code
   * kit} and of {@code logDirs} (deployment directories).
   */
  static Joined joinCounterReplica(
      ProcessKit kit, String bootstrap, List<NodeId> replicas, Path... logDirs) throws Exception {
    int port = Addresses.freePort("127.0.0.1");
    startCounterReplica(kit, "replica-new", port, bootstrap);
    NodeId joined = NodeId.of("127.0.0.1:" + port);
    try {
      return new Joined(
          joined, awaitView(replicas, v -> v.replicas().contains(joined), joined + " in"));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + kit.tails(25, logDirs), e);
    }
  }

  /** Starts a Counter replica on 127.0.0.1:{@code port} that asks {@code bootstrap} to add it. */
  static void startCounterReplica(ProcessKit kit, String name, int port, String bootstrap)
      throws Exception {
    kit.start(
        name,
        ProcessKit.CONCOORD.toString(),
        "replica",
        "-f",
        FailuresIT.COUNTER,
        "-c",
        "Counter",
        "-a",
        "127.0.0.1",
        "-p",
        Integer.toString(port),
        "-b",
        bootstrap);
  }

  static long awaitDig(Predicate<String> condition, String what, String... query) throws Exception {
    return Dig.await(kit, dnsPort, condition, what, query);
  }

  /** Starts a replica of the counter on {@code host} and {@code port}, joining the instance. */
  static Process startReplica(String name, String host, int port) throws Exception {
    return kit.start(
        name,
        ProcessKit.CONCOORD.toString(),
        "replica",
        "-f",
        COUNTER,
        "-c",
        "Counter",
        "-a",
        host,
        "-p",
        Integer.toString(port),
        "-b",
        bootstrap);
  }
}
