package org.concoord.cli.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.LocalNodeStart;
import org.concoord.cli.deploy.NodeRestart;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.cli.deploy.Readiness;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord restart --rolling}: restarts the nodes of a deployment one at a time, for a new
 * JVM option or a newly built ConCoord, while the instance keeps serving: on this machine, or on
 * the hosts of a deployment over SSH ({@link NodeRestart}: one loop, two ways to stop and start a
 * node). Each node is stopped (SIGTERM, as {@code stop}), started again from its recorded arguments
 * (same address, data directory and admin port), and the next one waits until it is ready again: a
 * member of the view that knows its leader and has caught up ({@code /readyz}). One node down at a
 * time keeps a majority of acceptors and a replica serving at every moment; the leader goes last,
 * so the instance elects a new leader once. It refuses to begin unless every node is running and
 * ready, since taking one more node down from an unhealthy instance may stop it.
 */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description =
        "Restarts the nodes of the deployment (local or over SSH) one at a time (--rolling), each "
            + "after the one before has caught up, so that the instance serves throughout.")
public final class RestartCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      description = "Local deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Option(
      names = "--rolling",
      required = true,
      description =
          "One node at a time, waiting until each is ready (the only kind: to restart "
              + "every node at once, use stop then start).")
  boolean rolling;

  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      description = "A new heap for every node (default: the heap each was started with).")
  String heap;

  @Option(
      names = "--jvm-option",
      paramLabel = "OPTION",
      description =
          "The JVM options of every node from now on, replacing the recorded ones "
              + "(repeat for several; e.g. --jvm-option=-XX:+UseZGC).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long a restarted node may take to be ready (default ${DEFAULT-VALUE}).")
  int readySeconds;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = Deployment.read(dir);
    String refusal = refusal(deployment);
    if (refusal != null) {
      System.err.println("concoord restart: " + refusal + "; nothing was restarted");
      return 2;
    }
    TlsCredentials admin = secure(deployment) ? InstanceProbe.adminCredentials(dir) : null;
    for (Deployment.NodeEntry node : deployment.nodes()) {
      try {
        Readiness.awaitReady(node, deployment.bootstrap(), admin, 10_000, () -> {});
      } catch (java.io.IOException notReady) {
        System.err.println(
            "concoord restart: "
                + notReady.getMessage()
                + "; restarting a node "
                + "of an instance that is not healthy may stop it: nothing was restarted");
        return 2;
      }
    }
    int done = 0;
    try (NodeRestart.Local local = new NodeRestart.Local();
        NodeRestart.Remote remote = new NodeRestart.Remote(deployment.remote())) {
      for (Deployment.NodeEntry node : order(deployment, admin)) {
        try {
          deployment = restart(deployment, node, admin, node.local() ? local : remote);
          done++;
        } catch (Exception e) {
          System.err.println(
              "concoord restart: "
                  + e.getMessage()
                  + "; "
                  + done
                  + " of "
                  + deployment.nodes().size()
                  + " nodes were restarted, the rest were left running");
          return 1;
        }
      }
    }
    System.out.println(
        "concoord: "
            + done
            + " nodes restarted one at a time; the instance "
            + "served throughout");
    return 0;
  }

  private Deployment restart(
      Deployment deployment, Deployment.NodeEntry node, TlsCredentials admin, NodeRestart launcher)
      throws Exception {
    long began = System.nanoTime();
    System.out.println(
        "restarting " + node.role() + " " + node.address() + " (pid " + node.pid() + ")");
    launcher.stop(node);
    List<String> jvm = LocalNodeStart.options(node, heap, jvmOptions);
    long pid = launcher.start(deployment, node, jvm);
    Deployment.NodeEntry again = node.restarted(pid, jvm);
    List<Deployment.NodeEntry> nodes = new ArrayList<>(deployment.nodes());
    nodes.set(nodes.indexOf(node), again);
    Deployment updated = deployment.withNodes(nodes);
    updated.write(dir); // recorded before the wait, so that stop finds it if the wait fails
    Readiness.awaitReady(
        again, deployment.bootstrap(), admin, readySeconds * 1000L, launcher.alive(again));
    System.out.printf(
        java.util.Locale.ROOT,
        "  ready again as pid %d after %.1f s%n",
        pid,
        (System.nanoTime() - began) / 1e9);
    return updated;
  }

  /** Why no rolling restart may begin, checked before any node is touched. */
  private static String refusal(Deployment deployment) {
    for (Deployment.NodeEntry node : deployment.nodes()) {
      if (!node.local() && deployment.remote() == null) {
        return node.role()
            + " "
            + node.address()
            + " runs on a host the deployment file does"
            + " not name";
      }
      if (node.args() == null) {
        return node.role()
            + " "
            + node.address()
            + " was started without recorded arguments"
            + " (an older deployment); restart it by hand";
      }
      // A node on a host is checked by the readiness wait that follows (it must answer).
      if (node.local() && !ProcessState.isRunning(node.pid())) {
        return node.role()
            + " "
            + node.address()
            + " is not running: bring it back with "
            + "'concoord start' first";
      }
    }
    return null;
  }

  private static boolean secure(Deployment deployment) {
    return deployment.nodes().stream().noneMatch(n -> n.args().contains("--insecure"));
  }

  /**
   * Nameservers, then acceptors, then the replicas that do not lead, and the leader last: each
   * leader change costs an election, so there is one.
   */
  static List<Deployment.NodeEntry> order(Deployment deployment, TlsCredentials admin) {
    return deployment.nodes().stream()
        .sorted(
            Comparator.comparingInt(
                (Deployment.NodeEntry n) ->
                    switch (n.role()) {
                      case "nameserver" -> 0;
                      case "acceptor" -> 1;
                      default -> leads(n, admin) ? 3 : 2;
                    }))
        .toList();
  }

  private static boolean leads(Deployment.NodeEntry replica, TlsCredentials admin) {
    StatusReply status = InstanceProbe.status(NodeId.of(replica.address()), admin);
    return status != null && status.leading();
  }
}
