package org.concoord.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.core.view.Role;

/**
 * One node of a deployment over SSH: what it is (role, its number among that role's nodes), where
 * it runs (the host's index), and what was learned of it: its pid once started, its address (the
 * node picks a free port itself, on the host, and prints it in its start line) and, for a
 * nameserver, the address it answers DNS on. Not thread-safe: the deployer owns it.
 */
final class RemoteNode {
  private static final Pattern DNS = Pattern.compile("answering DNS on (\\S+) port (\\d+)");

  final Role role;
  final int ordinal;
  final int host;
  int progressLine = -1;
  long pid;
  String address;
  String dns;

  /** The bind address and bootstrap list it was started with (for its recorded arguments). */
  String bind;

  String bootstrap;

  RemoteNode(Role role, int ordinal, int host) {
    this.role = role;
    this.ordinal = ordinal;
    this.host = host;
  }

  /** {@code replica}, {@code acceptor} or {@code nameserver}: the CLI's command and word. */
  String roleWord() {
    return role.name().toLowerCase(Locale.ROOT);
  }

  /** How progress and messages name it: {@code replica 0}. */
  String name() {
    return roleWord() + " " + ordinal;
  }

  /** Its log file, in the host's deployment directory. */
  String log() {
    return roleWord() + "-" + ordinal + ".log";
  }

  /**
   * The arguments after {@code org.concoord.cli.Main}: the node binds {@code bindAddress} and picks
   * its port; {@code bootstrap} is null for the instance's first replica.
   */
  List<String> arguments(String bindAddress, String bootstrap, InstanceSpec spec) {
    return arguments(bindAddress, null, bootstrap, spec);
  }

  /**
   * The arguments, with the node's {@code port} given (null: it picks one) and, when {@code spec}
   * has a CA, its certificate in the host directory's {@code tls/}; else {@code --insecure}.
   */
  List<String> arguments(String bindAddress, Integer port, String bootstrap, InstanceSpec spec) {
    this.bind = bindAddress;
    this.bootstrap = bootstrap;
    return arguments(bindAddress, port, bootstrap, spec, "0");
  }

  /**
   * The arguments after its role that start it again as it runs now (for {@code restart}): the ones
   * it was started with, with the port it picked and, for a nameserver, its DNS port, learned from
   * its start line; null before it printed them.
   */
  List<String> recordedArguments(InstanceSpec spec) {
    if (address == null || bind == null || (role == Role.NAMESERVER && dns == null)) {
      return null;
    }
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    String dnsPort = dns == null ? "0" : dns.substring(dns.lastIndexOf(':') + 1);
    List<String> args = arguments(bind, port, bootstrap, spec, dnsPort);
    return List.copyOf(args.subList(1, args.size()));
  }

  private List<String> arguments(
      String bindAddress, Integer port, String bootstrap, InstanceSpec spec, String dnsPort) {
    List<String> args = arguments(bindAddress, bootstrap, spec, port, dnsPort);
    args.addAll(
        spec.tlsDir() == null ? List.of("--insecure") : List.of("--tls-dir", RemoteTls.DIR));
    return args;
  }

  private List<String> arguments(
      String bindAddress, String bootstrap, InstanceSpec spec, Integer port, String dnsPort) {
    List<String> args = new ArrayList<>(List.of(roleWord()));
    switch (role) {
      case REPLICA -> {
        args.addAll(
            List.of(
                "-f",
                spec.file().getFileName().toString(),
                "-c",
                spec.className(),
                "-a",
                bindAddress,
                "--durability",
                spec.durability()));
        addPort(args, port);
        args.addAll(spec.replicaArgs());
      }
      case ACCEPTOR -> {
        args.addAll(List.of("-a", bindAddress, "--durability", spec.durability()));
        addPort(args, port);
      }
      case NAMESERVER ->
          args.addAll(
              List.of(
                  "-n",
                  spec.domain(),
                  "-t",
                  "1",
                  "-p",
                  dnsPort,
                  "--addr",
                  port == null ? bindAddress : bindAddress + ":" + port));
    }
    if (bootstrap != null) {
      args.addAll(List.of("-b", bootstrap));
    }
    return args;
  }

  /**
   * Learns the address (and DNS address) from the node's start line, e.g. {@code concoord replica
   * 127.0.0.2:14123 of Counter ...}; false if the line is not this role's.
   */
  boolean learnFrom(String startLine) {
    String[] words = startLine.split(" ");
    if (words.length < 3 || !words[0].equals("concoord") || !words[1].equals(roleWord())) {
      return false;
    }
    if (role == Role.NAMESERVER) {
      Matcher m = DNS.matcher(startLine);
      if (!m.find()) {
        return false;
      }
      dns = m.group(1) + ":" + m.group(2);
    }
    address = words[2];
    return true;
  }

  private static void addPort(List<String> args, Integer port) {
    if (port != null) {
      args.addAll(List.of("-p", Integer.toString(port)));
    }
  }
}
