package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;

/**
 * An instance of real processes for fault tests: each node started through {@code bin/concoord} on
 * its own loopback address (so that iptables can cut it off) with its own data directory (so that a
 * restart on the same address recovers), and restarted with the same command. Closing the {@link
 * ProcessKit} kills everything.
 */
final class Instance {
  /** One node: its name, role, address and the command that (re)starts it. */
  static final class Node {
    final String name;
    final String role;
    final String host;
    String address;
    Process process;
    List<String> command;
    int starts;

    Node(String name, String role, String host) {
      this.name = name;
      this.role = role;
      this.host = host;
    }

    long pid() {
      return process.pid();
    }
  }

  private final ProcessKit kit;
  private final Path work;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final String[] replicaOptions;

  Instance(ProcessKit kit, Path work, String... replicaOptions) {
    this.kit = kit;
    this.work = work;
    this.replicaOptions = replicaOptions;
  }

  /**
   * Starts replica r1 on {@code hosts[0]}, then acceptors a1..aN and the other replicas on the next
   * hosts all at once (their JVMs start in parallel), and waits for the full view. {@code replicas
   * + acceptors} hosts are needed.
   */
  static Instance start(
      ProcessKit kit,
      Path work,
      int replicas,
      int acceptors,
      List<String> hosts,
      String... replicaOptions)
      throws Exception {
    Instance instance = new Instance(kit, work, replicaOptions);
    int h = 0;
    Node r1 = instance.add("r1", "replica", hosts.get(h++), null);
    String first = instance.awaitAddress(r1);
    List<Node> others = new ArrayList<>();
    for (int i = 1; i <= acceptors; i++) {
      others.add(instance.add("a" + i, "acceptor", hosts.get(h++), first));
    }
    for (int i = 2; i <= replicas; i++) {
      others.add(instance.add("r" + i, "replica", hosts.get(h++), first));
    }
    for (Node node : others) {
      instance.awaitAddress(node);
    }
    try {
      RecoveryIT.awaitStatus(
          first,
          s -> s.view().replicas().size() == replicas && s.view().acceptors().size() == acceptors,
          "a view of all nodes");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + kit.tails(25), e);
    }
    return instance;
  }

  /** Launches a new node (its port chosen by itself); {@link #awaitAddress} learns it. */
  private Node add(String name, String role, String host, String bootstrap) throws Exception {
    Node node = new Node(name, role, host);
    nodes.put(name, node);
    List<String> command = new ArrayList<>(List.of(ProcessKit.CONCOORD.toString(), role));
    if (role.equals("replica")) {
      command.addAll(List.of("-f", FailuresIT.COUNTER, "-c", "Counter"));
      command.addAll(List.of(replicaOptions));
    }
    command.addAll(
        List.of(
            "-a",
            host,
            "--data-dir",
            Files.createDirectories(work.resolve("data-" + name)).toString()));
    if (bootstrap != null) {
      command.addAll(List.of("-b", bootstrap));
    }
    node.command = command;
    launch(node);
    return node;
  }

  /** Waits until a new node prints its address, and fixes its port for restarts. */
  private String awaitAddress(Node node) throws Exception {
    String line =
        kit.awaitLine(logName(node), "concoord " + node.role + " " + node.host + ":", 120);
    node.address = line.substring(line.indexOf(node.host + ":")).split("\\s")[0];
    // Restarts keep the address: same port, same data directory.
    node.command.addAll(List.of("-p", node.address.substring(node.address.lastIndexOf(':') + 1)));
    return node.address;
  }

  private void launch(Node node) throws Exception {
    node.starts++;
    node.process = kit.start(logName(node), node.command.toArray(String[]::new));
  }

  static String logName(Node node) {
    return node.name + "-" + node.starts;
  }

  /** Restarts a node that was killed, on its address and data directory. */
  void restart(Node node) throws Exception {
    launch(node);
    kit.awaitLine(logName(node), "concoord " + node.role + " " + node.host + ":", 120);
  }

  /** Restarts killed nodes all at once (as after a power loss), then waits for each. */
  void restartAll(List<Node> killed) throws Exception {
    for (Node node : killed) {
      launch(node);
    }
    for (Node node : killed) {
      kit.awaitLine(logName(node), "concoord " + node.role + " " + node.host + ":", 120);
    }
  }

  void kill(Node node) throws Exception {
    node.process.destroyForcibly();
    node.process.waitFor();
  }

  Node node(String name) {
    return nodes.get(name);
  }

  List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  List<Node> replicas() {
    return nodes.values().stream().filter(n -> n.role.equals("replica")).toList();
  }

  /** The replicas' addresses, comma-separated, for a client's bootstrap. */
  String bootstrap() {
    return String.join(",", replicas().stream().map(n -> n.address).toList());
  }

  /** The replica that says it leads, or null. */
  Node leader() {
    for (Node node : replicas()) {
      StatusReply status = status(node);
      if (status != null && status.leading()) {
        return node;
      }
    }
    return null;
  }

  Node awaitLeader() throws Exception {
    return Poll.await(60, 100, () -> "no leader within 60 s", this::leader);
  }

  static StatusReply status(Node node) {
    try {
      return InstanceProbe.status(NodeId.of(node.address));
    } catch (Exception e) {
      return null;
    }
  }

  static void signal(String signal, Node node) throws Exception {
    RecoveryIT.signal(signal, node.pid());
  }

  /** Runs iptables; 127 if it is not installed. */
  static int iptables(String action, List<String> rule) throws Exception {
    List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
    command.addAll(rule);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor();
    } catch (java.io.IOException notInstalled) {
      return 127;
    }
  }

  /** Whether rules can be added and removed here (root, a kernel that allows it). */
  static boolean canCut() throws Exception {
    List<String> probe = List.of("INPUT", "-s", "127.0.0.9", "-d", "127.0.0.8", "-j", "DROP");
    return iptables("-I", probe) == 0 && iptables("-D", probe) == 0;
  }

  /** Cuts {@code host} off from every address in {@code others} (both ways), or heals it. */
  static void cut(boolean on, String host, List<String> others) throws Exception {
    for (String other : others) {
      if (other.equals(host)) {
        continue;
      }
      for (List<String> rule :
          List.of(
              List.of("INPUT", "-s", host, "-d", other, "-j", "DROP"),
              List.of("INPUT", "-s", other, "-d", host, "-j", "DROP"))) {
        int exit = iptables(on ? "-I" : "-D", rule);
        if (on) {
          assertEquals(0, exit, "iptables -I " + rule);
        }
      }
    }
  }
}
