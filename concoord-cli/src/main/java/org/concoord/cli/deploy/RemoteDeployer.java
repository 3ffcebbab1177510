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
import org.concoord.core.view.Role;

/**
 * {@code concoord initialize --hosts FILE}: deploys an instance across hosts over SSH. Places the
 * nodes ({@link Placement}); connects to every host and checks its Java before anything is copied;
 * makes a directory of the deployment's own on each host and copies the ConCoord jar (and, where
 * replicas run, the object file) there; starts the bootstrap replica, then every other node joining
 * it; and waits until each node listens, is in the view, the object serves a call and the
 * nameservers answer for every replica ({@link RemoteWaits}). The deployment file records every
 * node as soon as it is started. A failure names the host and the step and rolls everything back
 * ({@link Rollback}).
 */
public final class RemoteDeployer {
  static final Duration POLL = Duration.ofMillis(200);

  private final InstanceSpec spec;
  private final List<HostsFile.Host> hosts;
  private final Path dir;
  private final RemoteTls tls;
  private final Progress progress;
  private final PrintStream err;
  private final Map<Integer, RemoteHost> connected = new LinkedHashMap<>();
  private final Map<Integer, Boolean> madeDirs = new LinkedHashMap<>();
  private final List<RemoteNode> nodes = new ArrayList<>();
  private final RemoteWaits waits;
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
    this.waits = new RemoteWaits(spec, hosts, dir, progress, deadline, connected, nodes);
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
      waits.awaitListening(List.of(bootstrapReplica));
      for (RemoteNode node : nodes.subList(1, nodes.size())) {
        start(node, bootstrapReplica.address);
      }
      waits.awaitListening(nodes);
      String bootstrap =
          nodes.stream()
              .filter(n -> n.role == Role.REPLICA)
              .map(n -> n.address)
              .collect(Collectors.joining(","));
      waits.awaitMembers(bootstrap);
      waits.awaitServing(bootstrap);
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
