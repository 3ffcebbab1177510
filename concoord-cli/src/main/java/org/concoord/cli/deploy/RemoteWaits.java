package org.concoord.cli.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * The waits of a deployment over SSH ({@link RemoteDeployer}), each bounded by its deadline: until
 * the started nodes listen (step listen), are in the view (join), the object serves a call (serve)
 * and each nameserver answers for every replica (answer-dns). Between polls it looks at every
 * started node on its host, so that a node that exited fails the step at once, naming the host, the
 * node and its log. Marks each node's progress line as it gets there.
 */
final class RemoteWaits {
  private final InstanceSpec spec;
  private final List<HostsFile.Host> hosts;
  private final Path dir;
  private final Progress progress;
  private final Duration deadline;
  private final Map<Integer, RemoteHost> connected;
  private final List<RemoteNode> nodes;

  /** Waits on {@code nodes}, looked at through the hosts {@code connected} (both filled later). */
  RemoteWaits(
      InstanceSpec spec,
      List<HostsFile.Host> hosts,
      Path dir,
      Progress progress,
      Duration deadline,
      Map<Integer, RemoteHost> connected,
      List<RemoteNode> nodes) {
    this.spec = spec;
    this.hosts = hosts;
    this.dir = dir;
    this.progress = progress;
    this.deadline = deadline;
    this.connected = connected;
    this.nodes = nodes;
  }

  /** Step listen: every node printed its address, and it accepts connections from here. */
  void awaitListening(List<RemoteNode> waiting) throws DeployException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      lookAtNodes("listen");
      List<RemoteNode> pending = new ArrayList<>();
      for (RemoteNode node : waiting) {
        if (node.address != null && InstanceProbe.listens(node.address)) {
          progress.set(node.progressLine, Progress.State.LISTENING, node.address);
        } else {
          pending.add(node);
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() > end) {
        RemoteNode late = pending.get(0);
        String why =
            late.address == null
                ? "printed no address"
                : "says it listens on "
                    + late.address
                    + ", but that address cannot be reached"
                    + " from here (a firewall, or a wrong address in the hosts file?)";
        throw failure(
            late,
            "listen",
            late.name()
                + " "
                + why
                + " within "
                + deadline.toSeconds()
                + " s; its log:\n"
                + connected.get(late.host).tail(late.log()));
      }
      pause();
    }
  }

  /** Step join: every node is in the view the bootstrap replicas hold. */
  void awaitMembers(String bootstrap) throws DeployException {
    List<NodeId> replicas = org.concoord.runtime.Addresses.parseList(bootstrap);
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      lookAtNodes("join");
      View view = InstanceProbe.view(replicas, dir);
      List<RemoteNode> pending = new ArrayList<>();
      for (RemoteNode node : nodes) {
        if (InstanceProbe.isMember(view, node.role, node.address)) {
          progress.set(node.progressLine, Progress.State.MEMBER, node.address);
        } else {
          pending.add(node);
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() > end) {
        RemoteNode late = pending.get(0);
        throw failure(
            late,
            "join",
            late.name()
                + " "
                + late.address
                + " is not in the view"
                + (view == null ? " (no bootstrap replica answered)" : " of epoch " + view.epoch())
                + " after "
                + deadline.toSeconds()
                + " s; its log:\n"
                + connected.get(late.host).tail(late.log()));
      }
      pause();
    }
  }

  /** Steps serve and answer-dns: the object serves a call; each nameserver answers for all. */
  void awaitServing(String bootstrap) throws DeployException {
    try {
      InstanceProbe.awaitServing(bootstrap, deadline, InstanceProbe.adminCredentials(dir));
    } catch (Exception e) {
      throw failure(
          nodes.get(0),
          "serve",
          "the object did not serve a call through "
              + bootstrap
              + " within "
              + deadline.toSeconds()
              + " s: "
              + e.getMessage());
    }
    int replicas = (int) nodes.stream().filter(n -> n.role == Role.REPLICA).count();
    for (RemoteNode node : nodes) {
      if (node.role == Role.NAMESERVER) {
        long end = System.nanoTime() + deadline.toNanos();
        String shortfall;
        while ((shortfall = InstanceProbe.dnsShortfall(node.dns, spec.domain(), replicas))
            != null) {
          if (System.nanoTime() > end) {
            throw failure(
                node,
                "answer-dns",
                node.name()
                    + " (DNS "
                    + node.dns
                    + ") did not"
                    + " answer for all "
                    + replicas
                    + " replicas of "
                    + spec.domain()
                    + " within "
                    + deadline.toSeconds()
                    + " s ("
                    + shortfall
                    + ")");
          }
          lookAtNodes("answer-dns");
          pause();
        }
      }
      progress.set(
          node.progressLine,
          Progress.State.SERVING,
          node.address + (node.dns != null ? ", DNS " + node.dns : ""));
    }
  }

  /**
   * One look at every started node, one SSH command per host: learns addresses from start lines,
   * and fails (naming the host, the node and its log) if a node has exited.
   */
  private void lookAtNodes(String step) throws DeployException {
    for (Map.Entry<Integer, RemoteHost> entry : connected.entrySet()) {
      Map<Long, String> logs = new LinkedHashMap<>();
      nodes.stream()
          .filter(n -> n.host == entry.getKey() && n.pid > 0)
          .forEach(n -> logs.put(n.pid, n.log()));
      if (logs.isEmpty()) {
        continue;
      }
      Map<Long, RemoteHost.Probe> probes = entry.getValue().probe(logs, step);
      for (RemoteNode node : nodes) {
        RemoteHost.Probe probe = probes.get(node.pid);
        if (node.host != entry.getKey() || node.pid <= 0) {
          continue;
        }
        if (probe == null || !probe.alive()) {
          // Exited before it printed its address: it never started; after: it failed at step.
          String at =
              node.address == null && (probe == null || probe.startLine() == null) ? "start" : step;
          throw failure(
              node,
              at,
              node.name()
                  + " (pid "
                  + node.pid
                  + ") exited; its log:\n"
                  + entry.getValue().tail(node.log()));
        }
        if (node.address == null && probe.startLine() != null) {
          node.learnFrom(probe.startLine());
        }
      }
    }
  }

  private DeployException failure(RemoteNode node, String step, String detail) {
    progress.set(node.progressLine, Progress.State.FAILED, step);
    return new DeployException(hosts.get(node.host).label(), step, detail);
  }

  private static void pause() throws DeployException {
    try {
      Thread.sleep(RemoteDeployer.POLL.toMillis()); // bounded polling: every caller has a deadline
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("(local)", "wait", "interrupted");
    }
  }
}
