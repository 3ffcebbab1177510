package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.concoord.cli.deploy.Deployment;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.tls.TlsCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concoord restart --rolling} under load, on a secure 3+3 instance (the default {@code
 * initialize}): two clients increment all along while every node is restarted one at a time with a
 * new heap. No call fails, the counter equals the acknowledged increments (none lost, none executed
 * twice), every node runs again with the new heap, which the deployment records (and with the
 * unrecorded options of {@code CONCOORD_NODE_JAVA_OPTS}).
 */
class RollingRestartIT {
  @TempDir Path work;

  @Test
  void everyNodeRestartsOneAtATimeWithANewHeapAndNoCallFails() throws Exception {
    Path dir = work.resolve("instance");
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work))) {
      try {
        String bootstrap = FailuresIT.start(kit, dir, 3, 3);
        ClientOptions options =
            ClientOptions.defaults()
                .withTls(TlsCredentials.inDirectory(dir.resolve("tls"), TlsCredentials.ADMIN_NAME));
        CountingClients clients = CountingClients.start(bootstrap, options, 2);
        ProcessKit.Result restarted =
            kit.run(
                900, concoord, "restart", "--rolling", "--heap", "160m", "--dir", dir.toString());
        int duringRestart = clients.acked();
        List<Throwable> failures = clients.stop();
        assertEquals(0, restarted.exitCode(), restarted.output());
        assertTrue(failures.isEmpty(), "calls failed during the rolling restart: " + failures);
        assertTrue(duringRestart > 0, "the clients made progress");
        try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
          assertEquals(
              clients.acked(),
              (int) client.invoke("getvalue", int.class),
              "the counter equals the acknowledged increments");
        }
        assertEveryNodeRunsTheNewHeap(dir, restarted.output());
      } finally {
        kit.run(120, concoord, "stop", "--dir", dir.toString());
      }
    }
  }

  /** Each node was restarted (a new pid), runs with -Xmx160m, and the deployment records it. */
  private static void assertEveryNodeRunsTheNewHeap(Path dir, String output) throws Exception {
    Deployment deployment = Deployment.read(dir);
    assertEquals(6, deployment.nodes().size());
    Set<String> restartedLines =
        Set.copyOf(output.lines().filter(l -> l.startsWith("restarting ")).toList());
    assertEquals(6, restartedLines.size(), output);
    for (Deployment.NodeEntry node : deployment.nodes()) {
      assertEquals(List.of("-Xmx160m"), node.jvm(), node.address());
      List<String> arguments =
          ProcessHandle.of(node.pid())
              .flatMap(p -> p.info().arguments().map(List::of))
              .orElse(List.of());
      assertTrue(arguments.contains("-Xmx160m"), node.address() + " runs " + arguments);
      // CONCOORD_NODE_JAVA_OPTS (set by ProcessKit) reaches the JVM, unrecorded (above).
      assertTrue(arguments.contains(ProcessKit.QUICK_JIT), node.address() + " runs " + arguments);
    }
    List<String> order =
        output.lines().filter(l -> l.startsWith("restarting ")).map(l -> l.split(" ")[1]).toList();
    assertEquals(
        List.of("acceptor", "acceptor", "acceptor", "replica", "replica", "replica"),
        order,
        "acceptors first, replicas after, the leader last");
  }
}
