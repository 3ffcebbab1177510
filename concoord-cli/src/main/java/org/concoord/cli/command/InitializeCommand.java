package org.concoord.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.HostsFile;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.InstanceSpec;
import org.concoord.cli.deploy.LocalNodeStart;
import org.concoord.cli.deploy.ObjectFiles;
import org.concoord.cli.deploy.OwnJar;
import org.concoord.cli.deploy.Placement;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.cli.deploy.Progress;
import org.concoord.cli.deploy.RemoteDeployer;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.cli.tls.TlsOptions;
import org.concoord.runtime.PrivateFiles;
import org.concoord.runtime.storage.Durability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord initialize -f FILE -c CLASS -r N -a N [-n N -s DOMAIN] [--hosts FILE]}: with a
 * hosts file, an instance deployed across the hosts over SSH ({@link RemoteDeployer}); with no
 * hosts, a local instance of background processes (logs, pids and the deployment file under one
 * directory, each node's data directory under {@code DIR/data}). Starts the bootstrap replica, then
 * the acceptors, the other replicas and the nameservers joining it, waits until the object serves a
 * call and every nameserver answers for every replica, and prints the nameservers' DNS ports and,
 * last, the bootstrap list. A failure stops whatever it started. It starts a new instance: the data
 * an earlier, stopped instance left in {@code DIR/data} is removed first; a running one is refused.
 */
@Command(
    name = "initialize",
    mixinStandardHelpOptions = true,
    description =
        "Starts an instance and waits until it serves: local background processes, or,"
            + " with --hosts, nodes placed across hosts and started over SSH.")
public final class InitializeCommand implements Callable<Integer> {
  static final long START_DEADLINE_MILLIS = 60_000;

  @Option(
      names = "-f",
      required = true,
      paramLabel = "FILE",
      description =
          "The object: a .java, .class or .jar file, or a directory of them; give -f"
              + " several times for several .java and .class files compiled together.")
  List<Path> files;

  /** The object as every replica is given it ({@link ObjectFiles}). */
  Path file;

  @Option(names = "-c", required = true, description = "The object's class name.")
  String className;

  @Option(names = "-r", description = "Replicas (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int replicas;

  @Option(names = "-a", description = "Acceptors (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int acceptors;

  @Option(names = "-n", description = "Nameservers (default ${DEFAULT-VALUE}).", defaultValue = "0")
  int nameservers;

  @Option(
      names = "-s",
      description = "Domain the nameservers serve (default: the class name and 'domain').")
  String domain;

  @Option(
      names = "--dir",
      description = "Deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Option(
      names = "--heap",
      description = "Heap of each node JVM (default ${DEFAULT-VALUE}).",
      defaultValue = LocalNodeStart.NODE_HEAP)
  String heap;

  @Option(
      names = "--durability",
      defaultValue = "fsync",
      description =
          "fsync (default): acceptors sync their promises and accepted values to"
              + " DIR/data before acknowledging them; none: nothing on disk (the original's"
              + " in-memory behaviour).")
  String durability;

  private final List<Deployment.NodeEntry> started = new ArrayList<>();

  /** A backup the first replica starts from ({@code concoord snapshot restore}); null: none. */
  Path restoreFrom;

  /** The ports the nodes are given, some of them reused ({@code concoord recover}). */
  private final LocalPorts ports = new LocalPorts();

  /** Starts the first nodes of {@code role} on {@code addresses}. */
  void reuse(String role, List<String> addresses) {
    ports.reuse(role, addresses);
  }

  @picocli.CommandLine.Mixin InstanceReplicaOptions replicaOptions;

  @Option(
      names = "--hosts",
      paramLabel = "FILE",
      description =
          "Deploy over SSH to these hosts, one per line: [user@]host[:sshport]"
              + " [address] [java=PATH]. Replicas and acceptors are spread so that one host's loss"
              + " costs as few of each as possible.")
  Path hostsFile;

  @picocli.CommandLine.Mixin SshOptions ssh;

  @Option(
      names = "--insecure",
      negatable = true,
      description =
          "Plaintext and unauthenticated nodes (default: TLS 1.3 with certificates from"
              + " a CA created in DIR/tls). Only for a trusted, isolated network.")
  boolean insecure;

  @Option(
      names = "--dns-rate-limit",
      paramLabel = "N",
      description =
          "Passed to each nameserver as --rate-limit: UDP responses a second per source"
              + " (0: off).")
  String dnsRateLimit;

  Path tlsDir() {
    return dir.toAbsolutePath().resolve("tls");
  }

  private final List<Process> processes = new ArrayList<>();

  /** Ports handed out already: a node just started may not have bound its port yet. */
  private final java.util.Set<Integer> portsTaken = new java.util.HashSet<>();

  @Override
  public Integer call() throws Exception {
    if (replicas < 1 || acceptors < 1 || nameservers < 0) {
      System.err.println("concoord initialize: needs at least one replica and one acceptor");
      return 2;
    }
    Durability.parse(durability); // a bad value fails here, before anything starts
    String served =
        nameservers == 0
            ? domain
            : domain != null ? domain : className.toLowerCase(java.util.Locale.ROOT) + "domain";
    if (served != null) {
      org.concoord.nameserver.Nameserver.parseDomain(served); // a bad name fails before any start
    }
    if (!compiles()) {
      return 2;
    }
    if (hostsFile != null) {
      return deployOverSsh(served);
    }
    PrivateFiles.createDirectories(dir);
    if (!clearEarlierData()) {
      return 2;
    }
    if (!insecure) {
      // The instance's CA and the admin credential that call, status and bench find by
      // themselves; each node issues its own certificate from it as it starts.
      TlsOptions.createLocalCa(new CertificateAuthority(tlsDir()));
    }
    LocalInstanceStart nodes = new LocalInstanceStart(this, ports);
    try {
      startAndAwait(nodes, served);
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("concoord initialize: " + e.getMessage());
      int stopped = nodes.stopAll();
      System.err.println(
          "concoord initialize: stopped the " + stopped + " processes it had started");
      return 1;
    }
  }

  /**
   * Starts the local nodes, records them in the deployment file, waits until the instance serves
   * and its nameservers answer, and prints how to reach it, the bootstrap list last.
   */
  private void startAndAwait(LocalInstanceStart nodes, String served) throws Exception {
    String bootstrap = nodes.startAll(served);
    new Deployment(
            bootstrap,
            served,
            nodes.started(),
            new Deployment.ObjectRef(file.toAbsolutePath(), className),
            null)
        .write(dir);
    nodes.awaitAllListening();
    InstanceProbe.awaitServing(
        bootstrap,
        java.time.Duration.ofMillis(START_DEADLINE_MILLIS),
        insecure ? null : InstanceProbe.adminCredentials(dir));
    nodes.awaitNameservers(served);
    System.out.println(
        "status page and /metrics: "
            + nodes.started().get(0).adminUrl()
            + (insecure ? "" : " (client certificate: " + tlsDir() + "/admin.*)")
            + "; every node's: concoord status --dir "
            + dir);
    System.out.println(
        "concoord: instance of "
            + className
            + " serving with "
            + replicas
            + " replicas, "
            + acceptors
            + " acceptors and "
            + nameservers
            + " nameservers; logs in "
            + dir.toAbsolutePath()
            + ", data in "
            + dataRoot()
            + " (durability "
            + Durability.parse(durability)
            + ")");
    System.out.println(bootstrap);
  }

  /**
   * Step compile, before any node starts or any host is contacted: the object loads here, as it
   * must on every replica, and becomes the one path replicas are given ({@link ObjectFiles}).
   */
  private boolean compiles() {
    try {
      file = ObjectFiles.forReplicas(files, className, dir, hostsFile != null);
      return true;
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "concoord initialize: step compile (here, before any node starts): the"
              + " object "
              + String.join(", ", files.stream().map(Path::toString).toList())
              + " does not load: "
              + e.getMessage());
      return false;
    }
  }

  private int deployOverSsh(String served) throws Exception {
    List<HostsFile.Host> hosts = HostsFile.read(hostsFile);
    Path jar = OwnJar.path();
    if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
      System.err.println(
          "concoord initialize: deploying over SSH copies the ConCoord jar, but"
              + " this runs from "
              + jar
              + ": build concoord-cli/target/concoord.jar (bin/concoord)");
      return 2;
    }
    if (Files.exists(dir.resolve(Deployment.FILE)) && !mayReplace(Deployment.read(dir))) {
      return 2;
    }
    PrivateFiles.createDirectories(dir);
    if (!insecure) {
      TlsOptions.createLocalCa(new CertificateAuthority(tlsDir()));
    }
    InstanceSpec spec =
        new InstanceSpec(
            file,
            className,
            served,
            heap,
            durability,
            replicaOptions.arguments(),
            insecure ? null : tlsDir());
    return new RemoteDeployer(
            spec,
            ssh.settings(),
            hosts,
            dir,
            Progress.forStdout(),
            System.err,
            java.time.Duration.ofMillis(START_DEADLINE_MILLIS))
        .deploy(Placement.of(hosts.size(), replicas, acceptors, nameservers), jar);
  }

  /** Whether a new deployment may replace the one recorded in the directory: not while it runs. */
  private boolean mayReplace(Deployment earlier) {
    if (earlier.remote() != null && earlier.remote().mayRun()) {
      System.err.println(
          "concoord initialize: the deployment in "
              + dir.toAbsolutePath()
              + " ("
              + earlier.remote().id()
              + ") is "
              + earlier.remote().state()
              + " on its hosts:"
              + " stop it first with 'concoord stop --dir "
              + dir
              + "'");
      return false;
    }
    for (Deployment.NodeEntry node : earlier.nodes()) {
      if (node.local() && ProcessState.isRunning(node.pid())) {
        System.err.println(
            "concoord initialize: the deployment in "
                + dir.toAbsolutePath()
                + " is running ("
                + node.role()
                + " "
                + node.address()
                + ", pid "
                + node.pid()
                + "): stop it first with 'concoord stop --dir "
                + dir
                + "'");
        return false;
      }
    }
    return true;
  }

  Path dataRoot() {
    return dir.toAbsolutePath().resolve("data");
  }

  /**
   * Removes the data of an earlier instance in this directory (its nodes must not bring that
   * instance's state into the new one); refuses while a node of it still runs.
   */
  private boolean clearEarlierData() throws IOException {
    if (Files.exists(dir.resolve(Deployment.FILE)) && !mayReplace(Deployment.read(dir))) {
      return false;
    }
    Path data = dataRoot();
    if (Files.exists(data)) {
      try (var paths = Files.walk(data)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
      System.out.println("removed the earlier instance's data in " + data);
    }
    return true;
  }
}
