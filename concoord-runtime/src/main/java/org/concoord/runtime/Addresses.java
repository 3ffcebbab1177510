package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.concoord.core.NodeId;

/** Parsing of {@code host:port} addresses and bootstrap lists, and the tutorial's port choice. */
public final class Addresses {
  /** The tutorial's range for a port chosen at random. */
  public static final int PORT_MIN = 14000;

  public static final int PORT_MAX = 15000;
  static final int PORT_TRIES = 50;

  private Addresses() {}

  /**
   * {@code host:port} to a socket address; IllegalArgumentException naming the text if bad. Of a
   * node address with a client port ({@code host:port/clientPort}), the peer address.
   */
  public static InetSocketAddress parse(String text) {
    String address =
        text.isEmpty() || text.length() > NodeId.ADDRESS_LENGTH_MAX
            ? text
            : NodeId.of(text).peerAddress();
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("not host:port: '" + address + "'");
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + address + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + address + "'");
    }
    return new InetSocketAddress(host, port);
  }

  /** A comma-separated bootstrap list of {@code host:port}. */
  public static List<NodeId> parseList(String bootstrap) {
    List<NodeId> nodes = new ArrayList<>();
    for (String part : bootstrap.split(",")) {
      String address = part.trim();
      if (!address.isEmpty()) {
        parse(address);
        nodes.add(NodeId.of(address));
      }
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("empty bootstrap list");
    }
    return nodes;
  }

  /** The first free port found at random in 14000-15000, as the tutorial says. */
  public static int freePort(String host) {
    return freePort(host, port -> true);
  }

  /** A free port, as {@link #freePort(String)}, among those that {@code usable} accepts. */
  public static int freePort(String host, java.util.function.IntPredicate usable) {
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < PORT_TRIES; i++) {
      int port = PORT_MIN + random.nextInt(PORT_MAX - PORT_MIN + 1);
      if (!usable.test(port)) {
        continue;
      }
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(host, port));
        return port;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException(
        "no free port in " + PORT_MIN + "-" + PORT_MAX + " after " + PORT_TRIES + " tries");
  }
}
