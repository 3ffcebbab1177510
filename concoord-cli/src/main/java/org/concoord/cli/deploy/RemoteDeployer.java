package org.concoord.cli.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * {@code concoord initialize --hosts FILE}: deploys an instance across hosts over SSH. Places the
 * nodes ({@link Placement}); connects to every host and checks its Java before anything is copied;
 * makes a directory of the deployment's own on each host and copies the ConCoord jar (and, where
 * replicas run, the object file) there; starts the bootstrap replica, then every other node joining
 * it; and waits until each node listens, is in the view, the object serves a call and the
 * nameservers answer for every replica. The deployment file records every node as soon as it is
 * started. A failure names the host and the step and rolls everything back ({@link Rollback}).
 */
public final class RemoteDeployer {
  static final Duration POLL = Duration.ofMillis(200);

  private final InstanceSpec spec;
  private final List<HostsFile.Host> hosts;
  private final Path dir;
  private final RemoteTls tls;
  private final Progress progress;
  private final PrintStream err;
  private final Duration deadline;
  private final Map<Integer, RemoteHost> connected = new LinkedHashMap<>();
  private final Map<Integer, Boolean> madeDirs = new LinkedHashMap<>();
  private final List<RemoteNode> nodes = new ArrayList<>();
  private DeploymentHosts record;

  public RemoteDeployer(
      InstanceSpec spec,
      SshSettings ssh,
      List<HostsFile.Host> hosts,
      Path dir,
      Progress progress,
      PrintStream err,
      Duration deadline) {
    this.spec = spec;
    this.hosts = hosts;
    this.dir = dir;
    this.tls = new RemoteTls(spec);
    this.progress = progress;
    this.err = err;
    this.deadline = deadline;
    String id = newId(spec.className());
    List<String> dirs = new ArrayList<>();
    hosts.forEach(h -> dirs.add(null));
    this.record = new DeploymentHosts(id, ssh, hosts, dirs, DeploymentHosts.STARTING);
  }

  /**
   * A deployment's id, which names its directories on the hosts: the class, the start time and a
   * random suffix (two deployments started in the same second do not share directories).
   */
  static String newId(String className) {
    return className.toLowerCase(Locale.ROOT)
        + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + String.format(Locale.ROOT, "%04x", new java.security.SecureRandom().nextInt(1 << 16));
  }

  /** Deploys; returns the exit code (0 serving, 1 failed and rolled back). */
  public int deploy(Placement placement, Path jar) {
    progress.note(placement.summary());
    for (Placement.Placed placed : placement.nodes()) {
      RemoteNode node = new RemoteNode(placed.role(), placed.ordinal(), placed.host());
      node.progressLine = progress.add(node.name(), hosts.get(placed.host()).label());
      nodes.add(node);
    }
    try {
      for (int host : usedHosts()) {
        connect(host);
      }
      for (int host : usedHosts()) {
        copy(host, jar);
      }
      RemoteNode bootstrapReplica = nodes.get(0);
      start(bootstrapReplica, null);
      awaitListening(List.of(bootstrapReplica));
      for (RemoteNode node : nodes.subList(1, nodes.size())) {
        start(node, bootstrapReplica.address);
      }
      awaitListening(nodes);
      String bootstrap =
          nodes.stream()
              .filter(n -> n.role == Role.REPLICA)
              .map(n -> n.address)
              .collect(Collectors.joining(","));
      awaitMembers(bootstrap);
      awaitServing(bootstrap);
      record = record.withState(DeploymentHosts.RUNNING);
      write(bootstrap);
      printSummary(bootstrap);
      return 0;
    } catch (DeployException e) {
      fail(e);
      return 1;
    } catch (RuntimeException e) { // a bug or the unforeseen: still leave nothing half started
      fail(new DeployException("(local)", "deploy", e.toString(), e));
      return 1;
    } finally {
      connected.values().forEach(RemoteHost::close);
    }
  }

  private TreeSet<Integer> usedHosts() {
    return nodes.stream().map(n -> n.host).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Steps connect and check-java. */
  private void connect(int host) throws DeployException {
    List<String> learned = new ArrayList<>();
    RemoteHost remote = RemoteHost.connect(hosts.get(host), record.ssh(), null, learned);
    connected.put(host, remote);
    learned.forEach(
        key ->
            progress.note(
                "accepted the new host key " + key + " into " + record.ssh().knownHosts()));
    String java = remote.checkJava();
    progress.note("host " + remote.label() + ": connected; Java " + java);
  }

  /** Steps mkdir and copy: the jar, and the object file where replicas run. */
  private void copy(int host, Path jar) throws DeployException {
    RemoteHost remote = connected.get(host);
    List<RemoteNode> here = nodes.stream().filter(n -> n.host == host).toList();
    here.forEach(n -> progress.set(n.progressLine, Progress.State.COPYING, null));
    String made = remote.makeNewDir(record.dirFor(remote.host()));
    madeDirs.put(host, true);
    record = record.withDir(host, made);
    remote.copy(jar, RemoteHost.JAR);
    if (here.stream().anyMatch(n -> n.role == Role.REPLICA)) {
      remote.copy(spec.file(), spec.file().getFileName().toString());
    }
  }

  /** Step start; records the node in the deployment file at once, so stop can find it. */
  private void start(RemoteNode node, String bootstrap) throws DeployException {
    RemoteHost remote = connected.get(node.host);
    progress.set(node.progressLine, Progress.State.STARTING, null);
    Integer port = tls.install(remote, remote.host().address());
    node.pid =
        remote.start(
            node.log(),
            spec.heap(),
            node.arguments(remote.host().address(), port, bootstrap, spec));
    progress.set(node.progressLine, Progress.State.STARTING, "pid " + node.pid);
    write(null);
  }

  /** Step listen: every node printed its address, and it accepts connections from here. */
  private void awaitListening(List<RemoteNode> waiting) throws DeployException {
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
  private void awaitMembers(String bootstrap) throws DeployException {
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
  private void awaitServing(String bootstrap) throws DeployException {
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
      Thread.sleep(POLL.toMillis()); // bounded polling: every caller has a deadline
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("(local)", "wait", "interrupted");
    }
  }

  /** Reports the failure, rolls back and records the deployment as rolled back. */
  private void fail(DeployException e) {
    for (RemoteNode node : nodes) {
      if (node.host >= 0
          && hosts.get(node.host).label().equals(e.host())
          && progress.state(node.progressLine) != Progress.State.FAILED
          && node.pid == 0) {
        progress.set(node.progressLine, Progress.State.FAILED, e.step());
      }
    }
    err.println("concoord initialize: " + e.getMessage());
    List<String> cleaned = Rollback.run(connected, nodes, madeDirs, record.ssh());
    for (RemoteNode node : nodes) {
      if (node.pid > 0 && progress.state(node.progressLine) != Progress.State.FAILED) {
        progress.set(node.progressLine, Progress.State.STOPPED, "rolled back");
      }
    }
    if (cleaned.isEmpty()) {
      err.println("concoord initialize: nothing had been started or copied on any host");
    } else {
      err.println("concoord initialize: rolled back:");
      cleaned.forEach(line -> err.println("  " + line));
    }
    record = record.withState(DeploymentHosts.ROLLED_BACK);
    try {
      write(null);
    } catch (DeployException notRecorded) {
      err.println("concoord initialize: " + notRecorded.getMessage());
    }
  }

  /** Step record: the deployment file, with every node started so far. */
  private void write(String bootstrap) throws DeployException {
    List<Deployment.NodeEntry> entries = new ArrayList<>();
    for (RemoteNode node : nodes) {
      if (node.pid > 0) {
        String address =
            node.address != null ? node.address : hosts.get(node.host).address() + ":?";
        entries.add(
            new Deployment.NodeEntry(
                node.roleWord(),
                address,
                node.pid,
                Path.of(record.dirs().get(node.host), node.log()),
                node.dns,
                node.host,
                node.recordedArguments(spec),
                LocalNodeStart.heapOptions(spec.heap())));
      }
    }
    String listed =
        bootstrap != null ? bootstrap : entries.isEmpty() ? "" : entries.get(0).address();
    try {
      new Deployment(
              listed,
              spec.domain(),
              entries,
              new Deployment.ObjectRef(spec.file().toAbsolutePath(), spec.className()),
              record)
          .write(dir);
    } catch (java.io.IOException e) {
      throw new DeployException(
          "(local)",
          "record",
          "cannot write the deployment file in " + dir.toAbsolutePath() + ": " + e.getMessage(),
          e);
    }
  }

  private void printSummary(String bootstrap) {
    PrintStream out = System.out;
    for (RemoteNode node : nodes) {
      if (node.dns != null) {
        out.println(
            "nameserver "
                + node.address
                + " on "
                + hosts.get(node.host).label()
                + " answers for "
                + spec.domain()
                + " on "
                + node.dns
                + ": bootstrap with "
                + spec.domain()
                + "@"
                + node.dns);
      }
    }
    long replicas = nodes.stream().filter(n -> n.role == Role.REPLICA).count();
    long acceptors = nodes.stream().filter(n -> n.role == Role.ACCEPTOR).count();
    long nameservers = nodes.stream().filter(n -> n.role == Role.NAMESERVER).count();
    out.println(
        "concoord: instance of "
            + spec.className()
            + " serving on "
            + usedHosts().size()
            + " hosts with "
            + replicas
            + " replicas, "
            + acceptors
            + " acceptors and "
            + nameservers
            + " nameservers (deployment "
            + record.id()
            + ", recorded in "
            + dir.toAbsolutePath().resolve(Deployment.FILE)
            + ")");
    if (spec.domain() != null) {
      out.println("domain " + spec.domain());
    }
    out.println(bootstrap);
  }
}
