package org.concoord.cli.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.concoord.runtime.PrivateFiles;

/**
 * A deployment as recorded in {@code DIR/deployment.properties}, so that {@code call}, {@code
 * status}, {@code addnode} and {@code stop} find it: the bootstrap list, the domain its nameservers
 * serve (null without nameservers), the object (file and class; null if not recorded), each node's
 * role, address, pid, log file, host and, for a nameserver, the address it answers DNS on, and for
 * a deployment over SSH its hosts and SSH settings.
 */
public record Deployment(
    String bootstrap,
    String domain,
    List<Deployment.NodeEntry> nodes,
    ObjectRef object,
    DeploymentHosts remote) {
  /**
   * One node process; {@code dns} is null except for nameservers; {@code host} is the index of its
   * host in {@link #remote()}, or {@link #LOCAL} for a process on this machine (its {@code log} is
   * then a local path, else a path on the host); {@code args} are the node's command-line arguments
   * after its role (for {@code concoord start}), null if not recorded; {@code jvm} the options its
   * JVM was started with (its heap), null if not recorded.
   */
  public record NodeEntry(
      String role,
      String address,
      long pid,
      Path log,
      String dns,
      int host,
      List<String> args,
      List<String> jvm) {
    NodeEntry(
        String role, String address, long pid, Path log, String dns, int host, List<String> args) {
      this(role, address, pid, log, dns, host, args, null);
    }

    NodeEntry(String role, String address, long pid, Path log) {
      this(role, address, pid, log, null, LOCAL, null);
    }

    NodeEntry(String role, String address, long pid, Path log, String dns) {
      this(role, address, pid, log, dns, LOCAL, null);
    }

    NodeEntry(String role, String address, long pid, Path log, String dns, int host) {
      this(role, address, pid, log, dns, host, null);
    }

    /** This node, running again as {@code newPid}. */
    NodeEntry restarted(long newPid) {
      return restarted(newPid, jvm);
    }

    /** This node, running again as {@code newPid} in a JVM started with {@code options}. */
    public NodeEntry restarted(long newPid, List<String> options) {
      return new NodeEntry(role, address, newPid, log, dns, host, args, options);
    }

    public boolean local() {
      return host == LOCAL;
    }

    /**
     * Where this node's admin listener (metrics, health, status page) answers, from its recorded
     * {@code --admin-port} (loopback; https when the node runs TLS); null if it has none.
     */
    public String adminUrl() {
      int at = args == null ? -1 : args.indexOf("--admin-port");
      if (at < 0 || at + 1 >= args.size()) {
        return null;
      }
      return (args.contains("--insecure") ? "http" : "https")
          + "://127.0.0.1:"
          + args.get(at + 1)
          + "/";
    }
  }

  /** The object the replicas run: its file (as given to initialize) and class name. */
  public record ObjectRef(Path file, String className) {}

  public static final int LOCAL = -1;

  Deployment(String bootstrap, String domain, List<NodeEntry> nodes) {
    this(bootstrap, domain, nodes, null, null);
  }

  Deployment withNode(NodeEntry node) {
    List<NodeEntry> more = new ArrayList<>(nodes);
    more.add(node);
    return new Deployment(bootstrap, domain, more, object, remote);
  }

  public Deployment withNodes(List<NodeEntry> replaced) {
    return new Deployment(bootstrap, domain, replaced, object, remote);
  }

  public Deployment withRemote(DeploymentHosts hosts) {
    return new Deployment(bootstrap, domain, nodes, object, hosts);
  }

  /** Separates a node's recorded arguments (a character no argument contains). */
  private static final String ARG_SEPARATOR = "\u001f";

  public static final String FILE = "deployment.properties";

  /**
   * Why the node at {@code address} stopped on its object's fault, as its data directory records it
   * ({@link org.concoord.runtime.StopRecord}), or null.
   */
  public String stopRecord(String address) {
    for (NodeEntry node : nodes) {
      if (node.address().equals(address) && node.args() != null) {
        int at = node.args().indexOf("--data-dir");
        if (at >= 0 && at + 1 < node.args().size()) {
          return org.concoord.runtime.StopRecord.read(Path.of(node.args().get(at + 1)));
        }
      }
    }
    return null;
  }

  public static Deployment read(Path dir) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(dir.resolve(FILE))) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new IOException(
          "no deployment in "
              + dir.toAbsolutePath()
              + ": run 'concoord initialize' first,"
              + " or give --dir (call, status, bench and addnode also take -b)");
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
              Integer.parseInt(properties.getProperty(prefix + "host", Integer.toString(LOCAL))),
              properties.containsKey(prefix + "args")
                  ? List.of(properties.getProperty(prefix + "args").split(ARG_SEPARATOR, -1))
                  : null,
              properties.containsKey(prefix + "jvm")
                  ? List.of(properties.getProperty(prefix + "jvm").split(ARG_SEPARATOR, -1))
                  : null));
    }
    String objectFile = properties.getProperty("object.file");
    ObjectRef object =
        objectFile == null
            ? null
            : new ObjectRef(Path.of(objectFile), properties.getProperty("object.class"));
    return new Deployment(
        properties.getProperty("bootstrap"),
        properties.getProperty("domain"),
        nodes,
        object,
        DeploymentHosts.load(properties));
  }

  public void write(Path dir) throws IOException {
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
      if (node.jvm() != null) {
        properties.setProperty(prefix + "jvm", String.join(ARG_SEPARATOR, node.jvm()));
      }
      if (!node.local()) {
        properties.setProperty(prefix + "host", Integer.toString(node.host()));
      }
    }
    if (object != null) {
      properties.setProperty("object.file", object.file().toAbsolutePath().toString());
      properties.setProperty("object.class", object.className());
    }
    if (remote != null) {
      remote.store(properties);
    }
    PrivateFiles.createDirectories(dir);
    Path temp = dir.resolve(FILE + ".tmp");
    try (Writer out = Files.newBufferedWriter(temp)) {
      properties.store(out, "ConCoord deployment");
    }
    Files.move(temp, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
