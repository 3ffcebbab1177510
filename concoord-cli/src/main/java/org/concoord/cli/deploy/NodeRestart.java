package org.concoord.cli.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code restart} stops a recorded node and starts it again with its recorded arguments: a
 * process on this machine ({@link Local}) or on its host over SSH ({@link Remote}). The restart
 * loop (order, readiness, the deployment file) is {@code RestartCommand}'s, the same for both.
 */
public sealed interface NodeRestart extends AutoCloseable
    permits NodeRestart.Local, NodeRestart.Remote {
  /** Stops the node: SIGTERM, SIGKILL after {@link LocalNodeStop#GRACE_SECONDS}. */
  void stop(Deployment.NodeEntry node) throws Exception;

  /** Starts the node again in a JVM with options {@code jvm}; returns its new pid. */
  long start(Deployment deployment, Deployment.NodeEntry node, List<String> jvm) throws Exception;

  /** While waiting for the node just started: throws if it has exited, with its log's tail. */
  Readiness.AliveCheck alive(Deployment.NodeEntry node);

  @Override
  void close();

  /** A process on this machine, from the jar of this command. */
  final class Local implements NodeRestart {
    private Process process;

    @Override
    public void stop(Deployment.NodeEntry node) throws Exception {
      LocalNodeStop.stop(node);
    }

    @Override
    public long start(Deployment deployment, Deployment.NodeEntry node, List<String> jvm)
        throws Exception {
      process = LocalNodeStart.launch(deployment, node, jvm);
      return process.pid();
    }

    @Override
    public Readiness.AliveCheck alive(Deployment.NodeEntry node) {
      Process started = process;
      return () -> {
        if (!started.isAlive()) {
          throw new IOException(
              node.role() + " " + node.address() + " exited: " + LocalNodes.tail(node.log()));
        }
      };
    }

    @Override
    public void close() {}
  }

  /**
   * A node on its host over SSH, in the deployment's directory there. The ConCoord jar of this
   * command is copied to each host once, before its first node restarts, unless the host holds the
   * same bytes (renamed over the old one: the nodes still running keep the file they opened), so
   * that a restart runs a newly built ConCoord there too.
   */
  final class Remote implements NodeRestart {
    /** A look over SSH costs a command: the exit of a started node is checked this often. */
    private static final long LOOK_EVERY_MILLIS = 2000;

    private final DeploymentHosts hosts;
    private final Map<Integer, RemoteHost> connected = new HashMap<>();

    public Remote(DeploymentHosts hosts) {
      this.hosts = hosts;
    }

    private RemoteHost host(Deployment.NodeEntry node) throws Exception {
      RemoteHost remote = connected.get(node.host());
      if (remote == null) {
        remote =
            RemoteHost.connect(
                hosts.hosts().get(node.host()),
                hosts.ssh(),
                hosts.dirs().get(node.host()),
                new ArrayList<>());
        connected.put(node.host(), remote);
        Path jar = OwnJar.path();
        if (!remote.holds(jar, RemoteHost.JAR)) {
          remote.copy(jar, RemoteHost.JAR);
        }
      }
      return remote;
    }

    @Override
    public void stop(Deployment.NodeEntry node) throws Exception {
      // Only this pid: the other nodes of the deployment on the host keep running.
      List<Long> running =
          host(node).stop(List.of(node.pid()), LocalNodeStop.GRACE_SECONDS, "restart", false);
      System.out.println(
          (running.isEmpty() ? "was not running: " : "stopped ")
              + node.role()
              + " "
              + node.address()
              + " (pid "
              + node.pid()
              + ") on "
              + host(node).label());
    }

    @Override
    public long start(Deployment deployment, Deployment.NodeEntry node, List<String> jvm)
        throws Exception {
      List<String> args = new ArrayList<>(List.of(node.role()));
      args.addAll(node.args());
      return host(node).start(logName(node), jvm, args);
    }

    @Override
    public Readiness.AliveCheck alive(Deployment.NodeEntry node) {
      long[] next = {System.currentTimeMillis() + LOOK_EVERY_MILLIS};
      return () -> {
        if (System.currentTimeMillis() < next[0]) {
          return;
        }
        next[0] = System.currentTimeMillis() + LOOK_EVERY_MILLIS;
        try {
          RemoteHost remote = host(node);
          RemoteHost.Probe probe =
              remote.probe(Map.of(node.pid(), logName(node)), "ready").get(node.pid());
          if (probe == null || !probe.alive()) {
            throw new IOException(
                node.role()
                    + " "
                    + node.address()
                    + " exited on "
                    + remote.label()
                    + ": "
                    + remote.tail(logName(node)));
          }
        } catch (IOException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e.getMessage(), e);
        }
      };
    }

    /** The node's log, in the host's deployment directory (the recorded path is there). */
    private static String logName(Deployment.NodeEntry node) {
      return node.log().getFileName().toString();
    }

    @Override
    public void close() {
      connected.values().forEach(RemoteHost::close);
    }
  }
}
