package org.concoord.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.concoord.core.NodeId;

/**
 * A fixed bootstrap list, {@code host:port,host:port,...} ({@code [v6addr]:port} for IPv6). The
 * nodes are tried in the given order, from a start chosen at random per instance, so that many
 * clients with the same list spread their first connections over the nodes. Immutable.
 */
public final class StaticBootstrap implements BootstrapResolver {
  private final List<NodeId> nodes;
  private final String text;

  /** {@code nodes} in exactly this order (no random start): for tests and custom resolvers. */
  public StaticBootstrap(List<NodeId> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a bootstrap needs at least one node");
    }
    for (NodeId node : nodes) {
      address(Objects.requireNonNull(node, "node")); // refuse what could never be connected to
    }
    this.nodes = List.copyOf(nodes);
    this.text = String.join(",", nodes.stream().map(NodeId::address).toList());
  }

  /**
   * Parses a comma-separated list; blanks around entries are ignored.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code host:port}
   */
  public static StaticBootstrap parse(String bootstrap) {
    Objects.requireNonNull(bootstrap, "bootstrap");
    List<NodeId> nodes = new ArrayList<>();
    for (String entry : bootstrap.split(",", -1)) {
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException(
            "empty entry in bootstrap '" + bootstrap + "': expected host:port[,host:port...]");
      }
      nodes.add(NodeId.of(trimmed));
    }
    List<NodeId> rotated = new ArrayList<>(nodes);
    Collections.rotate(rotated, ThreadLocalRandom.current().nextInt(rotated.size()));
    return new StaticBootstrap(rotated);
  }

  @Override
  public List<NodeId> nodes() {
    return nodes;
  }

  @Override
  public String describe() {
    return text;
  }

  /**
   * The socket address clients dial for {@code node} ({@code host:port}, or {@code host:clientPort}
   * of {@code host:port/clientPort}), unresolved: the name is looked up when connecting, so a node
   * that moved is found again on the next pass.
   */
  static InetSocketAddress address(NodeId node) {
    String text = node.clientAddress(); // a node with a client port of its own serves us there
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("node address '" + text + "' is not host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "node address '" + text + "': write an IPv6 address in brackets, [addr]:port");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("node address '" + text + "': port is not a number");
    }
    if (host.isEmpty() || port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "node address '" + text + "': need a host and a port" + " in 1..65535");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** The socket address of {@code node}, its host looked up now (IP literals need no lookup). */
  static InetSocketAddress resolved(NodeId node) {
    InetSocketAddress unresolved = address(node);
    return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
  }

  @Override
  public String toString() {
    return "StaticBootstrap[" + text + "]";
  }
}
