package org.concoord.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.LocalNodeStart;
import org.concoord.cli.deploy.LocalNodeStop;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.cli.deploy.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord start}: brings a local deployment back after it was stopped or its processes were
 * killed. Every node that is not running is started again with the arguments it was first started
 * with: the same address and data directory, so that acceptors recover their write-ahead logs and
 * replicas their snapshots (the rest of the log comes from the acceptors). Then it waits until the
 * instance serves. It checks every node before it starts any, and stops what it started if it fails
 * before recording them, so that {@code stop} always finds every process.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description =
        "Restarts the stopped or killed nodes of the local deployment from their data "
            + "directories, with the same addresses, and waits until the instance serves.")
public final class StartCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      description = "Local deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      description =
          "Heap of each node JVM started"
              + " (default: the heap it was started with before, else "
              + LocalNodeStart.DEFAULT_HEAP
              + "); recorded for the next start.")
  String heap;

  private final List<Process> processes = new ArrayList<>();
  private final List<Deployment.NodeEntry> restarted = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Deployment deployment = Deployment.read(dir);
    String refusal = refusal(deployment);
    if (refusal != null) {
      System.err.println("concoord start: " + refusal + "; nothing was started");
      return 2;
    }
    List<Deployment.NodeEntry> nodes = new ArrayList<>();
    try {
      for (Deployment.NodeEntry node : deployment.nodes()) {
        if (ProcessState.isRunning(node.pid())) {
          System.out.println(
              "running " + node.role() + " " + node.address() + " (pid " + node.pid() + ")");
          nodes.add(node);
        } else {
          nodes.add(launch(node));
        }
      }
      deployment.withNodes(nodes).write(dir);
    } catch (Exception e) {
      System.err.println("concoord start: " + e.getMessage() + "; " + stopLaunched());
      return 1;
    }
    try {
      for (Deployment.NodeEntry node : restarted) {
        Readiness.awaitListening(
            node.address(), InitializeCommand.START_DEADLINE_MILLIS, dir, this::checkAlive);
      }
      InstanceProbe.awaitServing(
          deployment.bootstrap(),
          java.time.Duration.ofMillis(InitializeCommand.START_DEADLINE_MILLIS),
          deployment.nodes().stream()
                  .anyMatch(n -> n.args() != null && n.args().contains("--insecure"))
              ? null
              : InstanceProbe.adminCredentials(dir));
    } catch (IOException | RuntimeException e) {
      System.err.println("concoord start: " + e.getMessage());
      return 1;
    }
    System.out.println(
        "concoord: "
            + restarted.size()
            + " of "
            + nodes.size()
            + " nodes restarted; the instance serves");
    System.out.println(deployment.bootstrap());
    return 0;
  }

  /**
   * Why no node may be started, checked before any is (so that start never leaves a process it did
   * not record): a node on a remote host, or a stopped node without recorded arguments.
   */
  private static String refusal(Deployment deployment) {
    for (Deployment.NodeEntry node : deployment.nodes()) {
      if (!node.local()) {
        return node.role()
            + " "
            + node.address()
            + " runs on a remote host; start restarts local deployments only";
      }
      if (node.args() == null && !ProcessState.isRunning(node.pid())) {
        return node.role()
            + " "
            + node.address()
            + " was started without recorded arguments"
            + " (an older deployment, or added by an older 'addnode'); start it by hand";
      }
    }
    return null;
  }

  /** After a failure before the nodes were recorded: stops those this command launched. */
  private String stopLaunched() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      try {
        process.onExit().get(LocalNodeStop.GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        return "could not stop every node it started: pid " + process.pid() + " may still run";
      }
    }
    return "stopped the " + processes.size() + " nodes it had started";
  }

  private Deployment.NodeEntry launch(Deployment.NodeEntry node) throws Exception {
    List<String> jvm = LocalNodeStart.options(node, heap, null);
    Process process = LocalNodeStart.launch(Deployment.read(dir), node, jvm);
    Deployment.NodeEntry again = node.restarted(process.pid(), jvm);
    processes.add(process);
    restarted.add(again);
    System.out.println(
        "started " + node.role() + " " + node.address() + " (pid " + process.pid() + ")");
    return again;
  }

  private void checkAlive() throws IOException {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        Deployment.NodeEntry node = restarted.get(i);
        throw new IOException(
            node.role() + " " + node.address() + " exited: " + LocalNodes.tail(node.log()));
      }
    }
  }
}
