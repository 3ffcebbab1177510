package org.concoord.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.runtime.Addresses;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.concoord.runtime.storage.Durability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord initialize -f FILE -c CLASS -r N -a N [-n N -s DOMAIN]}: with no hosts, a local
 * instance of background processes (logs, pids and the deployment file under one directory, each
 * node's data directory under {@code DIR/data}). Starts the bootstrap replica, then the acceptors,
 * the other replicas and the nameservers joining it, waits until the object serves a call and
 * every nameserver answers for every replica, and prints the nameservers' DNS ports and, last, the
 * bootstrap list. A failure stops whatever it started. It starts a new instance: the data an
 * earlier, stopped instance left in {@code DIR/data} is removed first; a running one is refused.
 */
@Command(
    name = "initialize",
    mixinStandardHelpOptions = true,
    description = "Starts a local instance as background processes and waits until it serves.")
final class InitializeCommand implements Callable<Integer> {
  static final long START_DEADLINE_MILLIS = 60_000;

  @Option(names = "-f", required = true, description = "The object: a .java, .class or .jar file.")
  Path file;

  @Option(names = "-c", required = true, description = "The object's class name.")
  String className;

  @Option(names = "-r", description = "Replicas (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int replicas;

  @Option(names = "-a", description = "Acceptors (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int acceptors;

  @Option(names = "-n", description = "Nameservers (default ${DEFAULT-VALUE}).", defaultValue = "0")
  int nameservers;

  @Option(names = "-s",
      description = "Domain the nameservers serve (default: the class name and 'domain').")
  String domain;

  @Option(names = "--dir", description = "Deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Option(names = "--heap", description = "Heap of each node JVM (default ${DEFAULT-VALUE}).",
      defaultValue = "128m")
  String heap;

  @Option(names = "--durability", defaultValue = "fsync",
      description = "fsync (default): acceptors sync their promises and accepted values to"
          + " DIR/data before acknowledging them; none: nothing on disk (the original's"
          + " in-memory behaviour).")
  String durability;

  private final List<Deployment.NodeEntry> started = new ArrayList<>();
  @Option(names = "--remove-after", paramLabel = "SECONDS",
      description = "Passed to each replica: silence after which the leader removes a member.")
  String removeAfter;

  @Option(names = "--retain-slots", paramLabel = "SLOTS",
      description = "Passed to each replica: executed slots kept for catch-up.")
  String retainSlots;

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
    String served = nameservers == 0 ? domain
        : domain != null ? domain : className.toLowerCase(java.util.Locale.ROOT) + "domain";
    if (served != null) {
      org.concoord.nameserver.Nameserver.parseDomain(served); // a bad name fails before any start
    }
    Files.createDirectories(dir);
    if (!clearEarlierData()) {
      return 2;
    }
    try {
      String first = startNode("replica", null);
      awaitListening(first);
      for (int i = 0; i < acceptors; i++) {
        startNode("acceptor", first);
      }
      List<String> replicaAddresses = new ArrayList<>(List.of(first));
      for (int i = 1; i < replicas; i++) {
        replicaAddresses.add(startNode("replica", first));
      }
      for (int i = 0; i < nameservers; i++) {
        startNameserver(first, served);
      }
      String bootstrap = String.join(",", replicaAddresses);
      new Deployment(bootstrap, served, started).write(dir);
      for (Deployment.NodeEntry node : started) {
        awaitListening(node.address());
      }
      awaitServing(bootstrap);
      for (Deployment.NodeEntry node : started) {
        if (node.dns() != null) {
          awaitAnswering(node, served);
          int dnsPort = Addresses.parse(node.dns()).getPort();
          System.out.println("nameserver " + node.address() + " answers for " + served
              + " on DNS port " + dnsPort + ": dig @127.0.0.1 -p " + dnsPort + " "
              + served + " SRV, or bootstrap with " + served + "@" + node.dns());
        }
      }
      System.out.println("concoord: instance of " + className + " serving with " + replicas
          + " replicas, " + acceptors + " acceptors and " + nameservers + " nameservers; logs in "
          + dir.toAbsolutePath() + ", data in " + dataRoot() + " (durability "
          + Durability.parse(durability) + ")");
      System.out.println(bootstrap);
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("concoord initialize: " + e.getMessage());
      for (Process process : processes) {
        process.destroyForcibly();
      }
      System.err.println("concoord initialize: stopped the " + processes.size()
          + " processes it had started");
      return 1;
    }
  }

  /** Whether {@code port} is not yet given to a node of this deployment (and now is). */
  private boolean unused(int port) {
    return portsTaken.add(port);
  }

  private String startNode(String role, String bootstrap) throws Exception {
    String host = "127.0.0.1";
    int port = Addresses.freePort(host, this::unused);
    List<String> args = new ArrayList<>();
    if (role.equals("replica")) {
      args.addAll(List.of("-f", file.toAbsolutePath().toString(), "-c", className));
      if (removeAfter != null) {
        args.addAll(List.of("--remove-after", removeAfter));
      }
      if (retainSlots != null) {
        args.addAll(List.of("--retain-slots", retainSlots));
      }
    }
    args.addAll(List.of("-a", host, "-p", Integer.toString(port)));
    if (bootstrap != null) {
      args.addAll(List.of("-b", bootstrap));
    }
    return start(role, host + ":" + port, args, null);
  }

  private String startNameserver(String bootstrap, String served) throws Exception {
    String host = "127.0.0.1";
    String address = host + ":" + Addresses.freePort(host, this::unused);
    int dnsPort = NameserverCommand.freeDnsPort(host);
    while (!unused(dnsPort)) {
      dnsPort = NameserverCommand.freeDnsPort(host);
    }
    return start("nameserver", address, List.of("-n", served, "-b", bootstrap, "-t", "1",
        "-p", Integer.toString(dnsPort), "--addr", address), host + ":" + dnsPort);
  }

  private String start(String role, String address, List<String> args, String dns)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(ClasspathCommand.ownJar().toString());
    command.add(Main.class.getName());
    command.add(role);
    List<String> nodeArgs = new ArrayList<>(args);
    if (!role.equals("nameserver")) { // nameservers keep nothing on disk
      nodeArgs.addAll(List.of("--durability", durability,
          "--data-dir", StorageOptions.dataDirFor(dataRoot(), address).toString()));
    }
    command.addAll(nodeArgs);
    String port = address.substring(address.lastIndexOf(':') + 1);
    Path log = dir.resolve(role + "-" + port + ".log").toAbsolutePath();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    processes.add(process);
    started.add(new Deployment.NodeEntry(role, address, process.pid(), log, dns, nodeArgs));
    System.out.println("started " + role + " " + address + (dns != null ? " (DNS " + dns + ")"
        : "") + " (pid " + process.pid() + ")");
    return address;
  }

  /** Waits until the nameserver's SRV answer names every replica started. */
  private void awaitAnswering(Deployment.NodeEntry nameserver, String served) throws Exception {
    long deadline = System.currentTimeMillis() + START_DEADLINE_MILLIS;
    SimpleResolver resolver = new SimpleResolver(Addresses.parse(nameserver.dns()));
    resolver.setTimeout(java.time.Duration.ofSeconds(1));
    Message query = Message.newQuery(Record.newRecord(
        Name.fromString("_concoord._tcp." + served, Name.root), Type.SRV, DClass.IN));
    String last = "no answer";
    while (System.currentTimeMillis() < deadline) {
      checkAlive();
      try {
        Message reply = resolver.send(query);
        int answers = reply.getSection(Section.ANSWER).size();
        if (reply.getRcode() == Rcode.NOERROR && answers == replicas) {
          return;
        }
        last = Rcode.string(reply.getRcode()) + " with " + answers + " SRV records";
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100); // bounded polling: the deadline above
    }
    throw new IOException("nameserver " + nameserver.address() + " did not answer for all "
        + replicas + " replicas within " + START_DEADLINE_MILLIS / 1000 + " s (" + last
        + "); see its log in " + dir.toAbsolutePath());
  }

  private Path dataRoot() {
    return dir.toAbsolutePath().resolve("data");
  }

  /**
   * Removes the data of an earlier instance in this directory (its nodes must not bring that
   * instance's state into the new one); refuses while a node of it still runs.
   */
  private boolean clearEarlierData() throws IOException {
    if (Files.exists(dir.resolve(Deployment.FILE))) {
      for (Deployment.NodeEntry node : Deployment.read(dir).nodes()) {
        if (ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)) {
          System.err.println("concoord initialize: the deployment in " + dir.toAbsolutePath()
              + " is running (" + node.role() + " " + node.address() + ", pid " + node.pid()
              + "): stop it first with 'concoord stop --dir " + dir + "'");
          return false;
        }
      }
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

  private void awaitListening(String address) throws Exception {
    Readiness.awaitListening(address, START_DEADLINE_MILLIS, dir, this::checkAlive);
  }

  private void awaitServing(String bootstrap) throws Exception {
    Readiness.awaitServing(bootstrap, START_DEADLINE_MILLIS);
  }

  private void checkAlive() throws IOException {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        Deployment.NodeEntry node = started.get(i);
        throw new IOException(node.role() + " " + node.address() + " exited: "
            + tail(node.log()));
      }
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
