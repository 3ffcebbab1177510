package org.concoord.cli.deploy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.concoord.runtime.Addresses;

/**
 * Where the nodes started on this machine live, shared by the commands that start them and by the
 * deployment code: a node's data directory, free ports for its admin listener and its DNS answers,
 * and the tail of its log.
 */
public final class LocalNodes {
  private LocalNodes() {}

  /** The data directory of the node at {@code address} under {@code root}. */
  public static Path dataDirFor(Path root, String address) {
    return root.resolve(
        address
            .replace("[", "")
            .replace("]", "")
            .replace(':', '-')
            .replace('/', '-')); // host:port/clientPort: one directory, not two
  }

  /**
   * The arguments that give a node started on this machine by {@code initialize} or {@code addnode}
   * an admin listener on a free loopback port, so that every node of a local deployment can be
   * scraped and has a status page without the user choosing ports; recorded with the node's other
   * arguments, so {@code concoord start} brings it back on the same port.
   */
  public static List<String> adminArguments(IntPredicate usable) {
    int port = Addresses.freePort("127.0.0.1", usable);
    return List.of("--admin-port", Integer.toString(port));
  }

  /** A port in the tutorial's range that is free for both TCP and UDP on {@code host}. */
  public static int freeDnsPort(String host) {
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < 50; i++) {
      int port = Addresses.PORT_MIN + random.nextInt(Addresses.PORT_MAX - Addresses.PORT_MIN + 1);
      try (ServerSocket tcp = new ServerSocket();
          DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, port))) {
        tcp.bind(new InetSocketAddress(host, port));
        return port;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException(
        "no port free for both TCP and UDP in " + Addresses.PORT_MIN + "-" + Addresses.PORT_MAX);
  }

  /** The last lines of a node's log, for a message about its failure. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
