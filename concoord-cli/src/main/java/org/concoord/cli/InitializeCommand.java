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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord initialize -f FILE -c CLASS -r N -a N}: with no hosts, a local instance of
 * background processes (logs, pids and the deployment file under one directory). Starts the
 * bootstrap replica, then the acceptors and the other replicas joining it, waits until the object
 * serves a call, and prints the bootstrap list. A failure stops whatever it started.
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

  @Option(names = "-s", description = "Domain name of the instance (used by nameservers, later).")
  String domain;

  @Option(names = "--dir", description = "Deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Option(names = "--heap", description = "Heap of each node JVM (default ${DEFAULT-VALUE}).",
      defaultValue = "128m")
  String heap;

  private final List<Deployment.NodeEntry> started = new ArrayList<>();
  @Option(names = "--remove-after", paramLabel = "SECONDS",
      description = "Passed to each replica: silence after which the leader removes a member.")
  String removeAfter;

  @Option(names = "--retain-slots", paramLabel = "SLOTS",
      description = "Passed to each replica: executed slots kept for catch-up.")
  String retainSlots;

  private final List<Process> processes = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (replicas < 1 || acceptors < 1) {
      System.err.println("concoord initialize: needs at least one replica and one acceptor");
      return 2;
    }
    Files.createDirectories(dir);
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
      String bootstrap = String.join(",", replicaAddresses);
      new Deployment(bootstrap, started).write(dir);
      for (Deployment.NodeEntry node : started) {
        awaitListening(node.address());
      }
      awaitServing(bootstrap);
      System.out.println("concoord: instance of " + className + " serving with " + replicas
          + " replicas and " + acceptors + " acceptors; logs in " + dir.toAbsolutePath());
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

  private String startNode(String role, String bootstrap) throws Exception {
    String host = "127.0.0.1";
    int port = Addresses.freePort(host);
    String address = host + ":" + port;
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(ClasspathCommand.ownJar().toString());
    command.add(Main.class.getName());
    command.add(role);
    if (role.equals("replica")) {
      command.addAll(List.of("-f", file.toAbsolutePath().toString(), "-c", className));
      if (removeAfter != null) {
        command.addAll(List.of("--remove-after", removeAfter));
      }
      if (retainSlots != null) {
        command.addAll(List.of("--retain-slots", retainSlots));
      }
    }
    command.addAll(List.of("-a", host, "-p", Integer.toString(port)));
    if (bootstrap != null) {
      command.addAll(List.of("-b", bootstrap));
    }
    Path log = dir.resolve(role + "-" + port + ".log").toAbsolutePath();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    processes.add(process);
    started.add(new Deployment.NodeEntry(role, address, process.pid(), log));
    System.out.println("started " + role + " " + address + " (pid " + process.pid() + ")");
    return address;
  }

  private void awaitListening(String address) throws Exception {
    long deadline = System.currentTimeMillis() + START_DEADLINE_MILLIS;
    InetSocketAddress socketAddress = Addresses.parse(address);
    while (true) {
      checkAlive();
      try (Socket probe = new Socket()) {
        probe.connect(socketAddress, 1000);
        return;
      } catch (IOException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw new IOException(address + " did not listen within "
              + START_DEADLINE_MILLIS / 1000 + " s; see its log in " + dir.toAbsolutePath());
        }
        Thread.sleep(100);
      }
    }
  }

  /** Serving = a call goes through consensus: an unknown method is refused only at execution. */
  private void awaitServing(String bootstrap) throws Exception {
    ClientOptions options = ClientOptions.defaults()
        .withCallTimeout(java.time.Duration.ofMillis(START_DEADLINE_MILLIS));
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
      client.invokeRaw("__concoordping__", org.concoord.core.value.ValueCodec.encodeArgs());
    } catch (ConcoordRejectedException expected) {
      return;
    }
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
