package org.concoord.cli.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.concoord.client.DnsBootstrap;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * {@code addnode}'s steps for one node, wherever its {@link NodeLauncher} starts it: prepare,
 * start, wait until it listens, is in the view and (a nameserver) answers DNS for every replica,
 * then record it in the deployment file (a replica's address joins the bootstrap list; a local
 * node's arguments too, so that {@code concoord start} can start it again). The node is recorded as
 * soon as it starts, so that {@code stop} finds it even if this is interrupted; a failure undoes
 * the node and the record.
 */
public final class NodeAddition {
  private final RemoteNode node;
  private final InstanceSpec spec;
  private final String bootstrap;
  private final Path dir;
  private final Deployment deployment;
  private final NodeLauncher launcher;
  private final Progress progress;
  private final Duration deadline;

  public NodeAddition(
      Role role,
      int ordinal,
      InstanceSpec spec,
      String bootstrap,
      Path dir,
      Deployment deployment,
      NodeLauncher launcher,
      Progress progress,
      Duration deadline) {
    this.node = new RemoteNode(role, ordinal, launcher.hostIndex());
    this.spec = spec;
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.deployment = deployment;
    this.launcher = launcher;
    this.progress = progress;
    this.deadline = deadline;
  }

  public int run() {
    node.progressLine = progress.add(node.name(), launcher.where());
    try (launcher) {
      try {
        launcher.prepare(node, progress);
        progress.set(node.progressLine, Progress.State.STARTING, null);
        node.pid = launcher.start(node, bootstrap);
        progress.set(node.progressLine, Progress.State.STARTING, "pid " + node.pid);
        record(false);
        View view = awaitInView();
        record(true);
        System.out.println(
            "added "
                + node.roleWord()
                + " "
                + node.address
                + " (pid "
                + node.pid
                + ") on "
                + launcher.where()
                + ": in the view of epoch "
                + view.epoch()
                + (node.dns != null ? "; answers DNS for " + spec.domain() + " on " + node.dns : "")
                + "; recorded in "
                + dir.toAbsolutePath().resolve(Deployment.FILE));
        return 0;
      } catch (DeployException e) {
        progress.set(node.progressLine, Progress.State.FAILED, e.step());
        System.err.println("concoord addnode: " + e.getMessage());
        System.err.println("concoord addnode: rolled back: " + launcher.undo(node));
        restoreRecord();
        return 1;
      }
    }
  }

  /** Steps listen, join and (a nameserver) answer-dns; returns the view it is in. */
  private View awaitInView() throws DeployException {
    List<NodeId> replicas =
        DnsBootstrap.isDomain(bootstrap)
            ? DnsBootstrap.resolve(bootstrap).nodes()
            : org.concoord.runtime.Addresses.parseList(bootstrap);
    long end = System.nanoTime() + deadline.toNanos();
    String step = "listen";
    String shortfall = null;
    View view = null;
    while (System.nanoTime() < end) {
      lookAtNode(step);
      if (step.equals("listen") && node.address != null && InstanceProbe.listens(node.address)) {
        progress.set(node.progressLine, Progress.State.LISTENING, node.address);
        step = "join";
      }
      if (step.equals("join")) {
        view = InstanceProbe.view(replicas, dir);
        if (InstanceProbe.isMember(view, node.role, node.address)) {
          progress.set(node.progressLine, Progress.State.MEMBER, node.address);
          step = node.role == Role.NAMESERVER ? "answer-dns" : "done";
        }
      }
      if (step.equals("answer-dns")) {
        shortfall = InstanceProbe.dnsShortfall(node.dns, spec.domain(), view.replicas().size());
        step = shortfall == null ? "done" : step;
      }
      if (step.equals("done")) {
        progress.set(
            node.progressLine,
            Progress.State.SERVING,
            node.address + (node.dns != null ? ", DNS " + node.dns : ""));
        return view;
      }
      pause();
    }
    throw late(step, view, shortfall);
  }

  /**
   * One look at the node: fails if it has exited, and learns its address from its start line once
   * it printed one.
   */
  private void lookAtNode(String step) throws DeployException {
    RemoteHost.Probe probe = launcher.look(node, step);
    if (!probe.alive()) {
      throw new DeployException(
          launcher.where(),
          step,
          node.name() + " (pid " + node.pid + ") exited; its log:\n" + launcher.tail(node));
    }
    if (node.address == null && probe.startLine() != null) {
      node.learnFrom(probe.startLine());
    }
  }

  /** The node did not get past {@code step} by the deadline: why, with its log. */
  private DeployException late(String step, View view, String shortfall) {
    String why =
        switch (step) {
          case "listen" ->
              node.address == null
                  ? "printed no address"
                  : "does not accept connections on " + node.address + " from here";
          case "join" ->
              "is not in the view"
                  + (view == null
                      ? " (no bootstrap replica answered)"
                      : " of epoch " + view.epoch());
          default -> "does not answer DNS for every replica (" + shortfall + ")";
        };
    return new DeployException(
        launcher.where(),
        step,
        node.name()
            + " "
            + why
            + " after "
            + deadline.toSeconds()
            + " s; its log:\n"
            + launcher.tail(node));
  }

  private static void pause() throws DeployException {
    try {
      Thread.sleep(RemoteDeployer.POLL.toMillis()); // bounded polling: the caller's deadline
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("(local)", "wait", "interrupted");
    }
  }

  /** Writes the deployment file with the node; {@code joined}: a replica joins the bootstrap. */
  private void record(boolean joined) throws DeployException {
    String address = node.address != null ? node.address : "?";
    Deployment.NodeEntry entry =
        new Deployment.NodeEntry(
            node.roleWord(),
            address,
            node.pid,
            launcher.log(node),
            node.dns,
            node.host,
            launcher.args(node),
            LocalNodeStart.heapOptions(spec.heap()));
    String listed = deployment != null ? deployment.bootstrap() : bootstrap;
    if (joined && node.role == Role.REPLICA && !DnsBootstrap.isDomain(listed)) {
      listed = listed + "," + node.address;
    }
    Deployment.ObjectRef object =
        spec.file() == null
            ? null
            : new Deployment.ObjectRef(spec.file().toAbsolutePath(), spec.className());
    Deployment updated =
        deployment != null
            ? new Deployment(
                listed,
                deployment.domain() != null ? deployment.domain() : spec.domain(),
                deployment.withNode(entry).nodes(),
                deployment.object() != null ? deployment.object() : object,
                launcher.hosts() != null ? launcher.hosts() : deployment.remote())
            : new Deployment(listed, spec.domain(), List.of(entry), object, launcher.hosts());
    try {
      updated.write(dir);
    } catch (IOException e) {
      throw new DeployException(
          "(local)",
          "record",
          "cannot write the deployment file in " + dir.toAbsolutePath() + ": " + e.getMessage(),
          e);
    }
  }

  /** After a failure: the deployment file as it was (the node is gone again). */
  private void restoreRecord() {
    try {
      if (deployment != null) {
        deployment.write(dir);
      } else {
        java.nio.file.Files.deleteIfExists(dir.resolve(Deployment.FILE));
      }
    } catch (IOException e) {
      System.err.println(
          "concoord addnode: cannot restore "
              + dir.resolve(Deployment.FILE)
              + ": "
              + e.getMessage());
    }
  }
}
