package org.concoord.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.LocalNodeStart;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.cli.deploy.OwnJar;
import org.concoord.cli.deploy.Readiness;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.PrivateFiles;

/**
 * The nodes a local {@code concoord initialize} starts as background processes: each node's command
 * line and log, the deployment entries recorded for them, and the waits until they listen and the
 * nameservers answer. What went wrong is thrown; {@link #stopAll} then stops what started.
 */
final class LocalInstanceStart {
  private final InitializeCommand options;
  private final LocalPorts ports;
  private final List<Deployment.NodeEntry> started = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  LocalInstanceStart(InitializeCommand options, LocalPorts ports) {
    this.options = options;
    this.ports = ports;
  }

  /** The nodes started so far, in order (the bootstrap replica first). */
  List<Deployment.NodeEntry> started() {
    return started;
  }

  /**
   * Starts the bootstrap replica and, once it listens, the acceptors, the other replicas and the
   * nameservers joining it; returns the bootstrap list (every replica).
   */
  String startAll(String served) throws Exception {
    String first = startNode("replica", null);
    awaitListening(first);
    for (int i = 0; i < options.acceptors; i++) {
      startNode("acceptor", first);
    }
    List<String> replicaAddresses = new ArrayList<>(List.of(first));
    for (int i = 1; i < options.replicas; i++) {
      replicaAddresses.add(startNode("replica", first));
    }
    for (int i = 0; i < options.nameservers; i++) {
      startNameserver(first, served);
    }
    return String.join(",", replicaAddresses);
  }

  /** Waits until every node started listens. */
  void awaitAllListening() throws Exception {
    for (Deployment.NodeEntry node : started) {
      awaitListening(node.address());
    }
  }

  /** Waits until each nameserver answers for every replica, and prints how to ask it. */
  void awaitNameservers(String served) throws Exception {
    for (Deployment.NodeEntry node : started) {
      if (node.dns() != null) {
        awaitAnswering(node, served);
        int dnsPort = Addresses.parse(node.dns()).getPort();
        System.out.println(
            "nameserver "
                + node.address()
                + " answers for "
                + served
                + " on DNS port "
                + dnsPort
                + ": dig @127.0.0.1 -p "
                + dnsPort
                + " "
                + served
                + " SRV, or bootstrap with "
                + served
                + "@"
                + node.dns());
      }
    }
  }

  /** Stops every process started; returns how many that was. */
  int stopAll() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    return processes.size();
  }

  private String startNode(String role, String bootstrap) throws Exception {
    String host = "127.0.0.1";
    int port = ports.nodePort(role, host);
    List<String> args = new ArrayList<>();
    if (role.equals("replica")) {
      args.addAll(List.of("-f", options.file.toAbsolutePath().toString(), "-c", options.className));
      args.addAll(options.replicaOptions.arguments());
      if (options.restoreFrom != null && bootstrap == null) {
        args.addAll(List.of("--restore", options.restoreFrom.toString()));
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
    String address = host + ":" + Addresses.freePort(host, ports::unused);
    int dnsPort = ports.dnsPort(host);
    List<String> args =
        new ArrayList<>(
            List.of(
                "-n",
                served,
                "-b",
                bootstrap,
                "-t",
                "1",
                "-p",
                Integer.toString(dnsPort),
                "--addr",
                address));
    if (options.dnsRateLimit != null) {
      args.addAll(List.of("--rate-limit", options.dnsRateLimit));
    }
    return start("nameserver", address, args, host + ":" + dnsPort);
  }

  private String start(String role, String address, List<String> args, String dns)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(LocalNodeStart.heapOptions(options.heap));
    command.addAll(LocalNodeStart.environmentOptions());
    command.add("-cp");
    command.add(OwnJar.path().toString());
    command.add(OwnJar.MAIN_CLASS);
    command.add(role);
    List<String> nodeArgs = nodeArguments(role, address, args);
    command.addAll(nodeArgs);
    String port = address.substring(address.lastIndexOf(':') + 1);
    Path log =
        PrivateFiles.restrict(options.dir.resolve(role + "-" + port + ".log").toAbsolutePath());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    processes.add(process);
    started.add(
        new Deployment.NodeEntry(
            role,
            address,
            process.pid(),
            log,
            dns,
            Deployment.LOCAL,
            nodeArgs,
            LocalNodeStart.heapOptions(options.heap)));
    System.out.println(
        "started "
            + role
            + " "
            + address
            + (dns != null ? " (DNS " + dns + ")" : "")
            + " (pid "
            + process.pid()
            + ")");
    return address;
  }

  /** The node's own arguments, then TLS, admin port and, but for nameservers, its data. */
  private List<String> nodeArguments(String role, String address, List<String> args) {
    List<String> nodeArgs = new ArrayList<>(args);
    nodeArgs.addAll(
        options.insecure
            ? List.of("--insecure")
            : List.of("--tls-dir", options.tlsDir().toString()));
    nodeArgs.addAll(LocalNodes.adminArguments(ports::unused));
    if (!role.equals("nameserver")) { // nameservers keep nothing on disk
      nodeArgs.addAll(
          List.of(
              "--durability",
              options.durability,
              "--data-dir",
              LocalNodes.dataDirFor(options.dataRoot(), address).toString()));
    }
    return nodeArgs;
  }

  /** Waits until the nameserver's SRV answer names every replica started. */
  private void awaitAnswering(Deployment.NodeEntry nameserver, String served) throws Exception {
    long deadline = System.currentTimeMillis() + InitializeCommand.START_DEADLINE_MILLIS;
    String last = "no answer";
    while (System.currentTimeMillis() < deadline) {
      checkAlive();
      last = InstanceProbe.dnsShortfall(nameserver.dns(), served, options.replicas);
      if (last == null) {
        return;
      }
      Thread.sleep(100); // bounded polling: the deadline above
    }
    throw new IOException(
        "nameserver "
            + nameserver.address()
            + " did not answer for all "
            + options.replicas
            + " replicas within "
            + InitializeCommand.START_DEADLINE_MILLIS / 1000
            + " s ("
            + last
            + "); see its log in "
            + options.dir.toAbsolutePath());
  }

  private void awaitListening(String address) throws Exception {
    Readiness.awaitListening(
        address, InitializeCommand.START_DEADLINE_MILLIS, options.dir, this::checkAlive);
  }

  private void checkAlive() throws IOException {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        Deployment.NodeEntry node = started.get(i);
        throw new IOException(
            node.role() + " " + node.address() + " exited: " + LocalNodes.tail(node.log()));
      }
    }
  }
}
