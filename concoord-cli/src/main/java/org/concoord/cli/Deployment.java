package org.concoord.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A local deployment as recorded in {@code DIR/deployment.properties}, so that {@code call},
 * {@code status} and {@code stop} find it: the bootstrap list, the domain its nameservers serve
 * (null without nameservers), and each node's role, address, pid, log file and, for a
 * nameserver, the address it answers DNS on.
 */
record Deployment(String bootstrap, String domain, List<Deployment.NodeEntry> nodes) {
  /**
   * One node process; {@code dns} is null except for nameservers; {@code args} are the node's
   * command-line arguments after its role (for {@code concoord start}), null if not recorded.
   */
  record NodeEntry(String role, String address, long pid, Path log, String dns,
      List<String> args) {
    NodeEntry(String role, String address, long pid, Path log) {
      this(role, address, pid, log, null, null);
    }

    NodeEntry(String role, String address, long pid, Path log, String dns) {
      this(role, address, pid, log, dns, null);
    }

    /** This node, running again as {@code newPid}. */
    NodeEntry restarted(long newPid) {
      return new NodeEntry(role, address, newPid, log, dns, args);
    }
  }

  /** Separates a node's recorded arguments (a character no argument contains). */
  private static final String ARG_SEPARATOR = "\u001f";

  static final String FILE = "deployment.properties";

  static Deployment read(Path dir) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(dir.resolve(FILE))) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new IOException(
          "no local deployment in " + dir.toAbsolutePath() + ": run 'concoord initialize' first,"
              + " or give -b");
    }
    List<NodeEntry> nodes = new ArrayList<>();
    for (int i = 0; properties.containsKey("node." + i + ".role"); i++) {
      String prefix = "node." + i + ".";
      nodes.add(
          new NodeEntry(
              properties.getProperty(prefix + "role"),
              properties.getProperty(prefix + "address"),
              Long.parseLong(properties.getProperty(prefix + "pid")),
              Path.of(properties.getProperty(prefix + "log")),
              properties.getProperty(prefix + "dns"),
              properties.containsKey(prefix + "args")
                  ? List.of(properties.getProperty(prefix + "args").split(ARG_SEPARATOR, -1))
                  : null));
    }
    return new Deployment(properties.getProperty("bootstrap"), properties.getProperty("domain"),
        nodes);
  }

  void write(Path dir) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("bootstrap", bootstrap);
    if (domain != null) {
      properties.setProperty("domain", domain);
    }
    for (int i = 0; i < nodes.size(); i++) {
      NodeEntry node = nodes.get(i);
      String prefix = "node." + i + ".";
      properties.setProperty(prefix + "role", node.role());
      properties.setProperty(prefix + "address", node.address());
      properties.setProperty(prefix + "pid", Long.toString(node.pid()));
      properties.setProperty(prefix + "log", node.log().toString());
      if (node.dns() != null) {
        properties.setProperty(prefix + "dns", node.dns());
      }
      if (node.args() != null) {
        properties.setProperty(prefix + "args", String.join(ARG_SEPARATOR, node.args()));
      }
    }
    Files.createDirectories(dir);
    Path temp = dir.resolve(FILE + ".tmp");
    try (Writer out = Files.newBufferedWriter(temp)) {
      properties.store(out, "ConCoord local deployment");
    }
    Files.move(temp, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
