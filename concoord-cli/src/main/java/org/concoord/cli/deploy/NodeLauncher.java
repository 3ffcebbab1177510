package org.concoord.cli.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.core.view.Role;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.PrivateFiles;

/**
 * Where {@code addnode} starts its node and how: a background process on this machine ({@link
 * Local}) or on a host over SSH ({@link Remote}). Each can prepare the place, start the node, look
 * at it (alive? its start line), show its log, and undo all of it.
 */
public sealed interface NodeLauncher extends AutoCloseable
    permits NodeLauncher.Local, NodeLauncher.Remote {
  /** How progress and messages name the place: a host's label, or "this machine". */
  String where();

  /** The node's host in {@link #hosts()}, or {@link Deployment#LOCAL}. */
  int hostIndex();

  /** The deployment's hosts with the node's host in them; null for a local node. */
  DeploymentHosts hosts();

  /** Steps connect, check-java, mkdir, copy (nothing to do locally). */
  void prepare(RemoteNode node, Progress progress) throws DeployException;

  /** Step start: returns the pid. */
  long start(RemoteNode node, String bootstrap) throws DeployException;

  /** One look at the node. */
  RemoteHost.Probe look(RemoteNode node, String step) throws DeployException;

  String tail(RemoteNode node);

  Path log(RemoteNode node);

  /**
   * The node's arguments after its role, recorded so that {@code concoord start} and {@code
   * restart} can start it again as {@code initialize}'s nodes (null before it printed its address,
   * on a host).
   */
  List<String> args(RemoteNode node);

  /** Stops the node (if started) and removes what was made for it; what was done, in words. */
  String undo(RemoteNode node);

  @Override
  void close();

  /** A background process on this machine, its log and data directory under the deployment's. */
  final class Local implements NodeLauncher {
    private final Path dir;
    private final String address;
    private final InstanceSpec spec;
    private Process process;
    private Path log;
    private List<String> args;

    public Local(Path dir, String address, InstanceSpec spec) {
      this.dir = dir;
      this.address = address;
      this.spec = spec;
    }

    @Override
    public String where() {
      return "this machine";
    }

    @Override
    public int hostIndex() {
      return Deployment.LOCAL;
    }

    @Override
    public DeploymentHosts hosts() {
      return null;
    }

    @Override
    public void prepare(RemoteNode node, Progress progress) {}

    @Override
    public long start(RemoteNode node, String bootstrap) throws DeployException {
      Path dataRoot = dir.toAbsolutePath().resolve("data");
      int port =
          Addresses.freePort(
              address, p -> !Files.exists(LocalNodes.dataDirFor(dataRoot, address + ":" + p)));
      String self = address + ":" + port;
      List<String> command =
          new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
      command.addAll(LocalNodeStart.heapOptions(spec.heap()));
      command.addAll(LocalNodeStart.environmentOptions());
      command.addAll(List.of("-cp", ownJar().toString(), OwnJar.MAIN_CLASS, node.roleWord()));
      int firstArg = command.size();
      command.addAll(roleArguments(node, port, self, dataRoot));
      command.addAll(tlsArguments(dir));
      command.addAll(LocalNodes.adminArguments(p -> p != port));
      command.addAll(List.of("-b", bootstrap));
      args = List.copyOf(command.subList(firstArg, command.size()));
      log = dir.toAbsolutePath().resolve(node.roleWord() + "-" + port + ".log");
      // The node's own logging writes (and rotates) the log; its standard output (the start
      // line, a fatal error) is appended to the same file: both append, so lines interleave whole.
      command.addAll(List.of("--log-file", log.toString()));
      try {
        PrivateFiles.createDirectories(dir);
        PrivateFiles.restrict(log);
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
      } catch (IOException e) {
        throw new DeployException(
            where(), "start", "cannot start " + node.name() + ": " + e.getMessage(), e);
      }
      return process.pid();
    }

    /** The node's arguments for its role: the object, the domain, the address and data. */
    private List<String> roleArguments(RemoteNode node, int port, String self, Path dataRoot) {
      List<String> arguments = new ArrayList<>();
      switch (node.role) {
        case REPLICA -> {
          arguments.addAll(
              List.of("-f", spec.file().toAbsolutePath().toString(), "-c", spec.className()));
          arguments.addAll(spec.replicaArgs());
        }
        case NAMESERVER ->
            arguments.addAll(
                List.of(
                    "-n",
                    spec.domain(),
                    "-t",
                    "1",
                    "-p",
                    Integer.toString(LocalNodes.freeDnsPort(address)),
                    "--addr",
                    self));
        case ACCEPTOR -> {}
      }
      if (node.role != Role.NAMESERVER) {
        arguments.addAll(
            List.of(
                "-a",
                address,
                "-p",
                Integer.toString(port),
                "--durability",
                spec.durability(),
                "--data-dir",
                LocalNodes.dataDirFor(dataRoot, self).toString()));
      }
      return arguments;
    }

    private Path ownJar() throws DeployException {
      try {
        return OwnJar.path();
      } catch (Exception e) {
        throw new DeployException(where(), "start", "cannot find the ConCoord jar: " + e, e);
      }
    }

    @Override
    public RemoteHost.Probe look(RemoteNode node, String step) {
      String start = null;
      try {
        start =
            Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("concoord " + node.roleWord() + " "))
                .findFirst()
                .orElse(null);
      } catch (IOException | java.io.UncheckedIOException notYet) {
        // no line yet
      }
      return new RemoteHost.Probe(process.isAlive(), start);
    }

    @Override
    public String tail(RemoteNode node) {
      return LocalNodes.tail(log);
    }

    @Override
    public Path log(RemoteNode node) {
      return log;
    }

    @Override
    public List<String> args(RemoteNode node) {
      return args;
    }

    @Override
    public String undo(RemoteNode node) {
      if (process == null) {
        return "nothing had been started";
      }
      boolean alive = process.isAlive();
      process.destroyForcibly();
      return (alive ? "killed " : "already exited: ")
          + node.name()
          + " (pid "
          + process.pid()
          + "); its log stays in "
          + log;
    }

    @Override
    public void close() {}
  }

  /** A node on a host over SSH, in the deployment's directory there. */
  final class Remote implements NodeLauncher {
    private final DeploymentHosts hosts;
    private final int index;
    private final InstanceSpec spec;
    private RemoteHost remote;
    private boolean madeDir;

    private Remote(DeploymentHosts hosts, int index, InstanceSpec spec) {
      this.hosts = hosts;
      this.index = index;
      this.spec = spec;
    }

    /**
     * The host named {@code name} in the deployment's hosts, or a new host (a hosts-file line)
     * added to them; SSH settings are the deployment's, or {@code options} for its first host.
     */
    public static Remote prepare(
        Deployment deployment,
        String name,
        SshSettings options,
        InstanceSpec spec,
        String bootstrap) {
      DeploymentHosts hosts = deployment != null ? deployment.remote() : null;
      if (hosts == null) {
        String id = RemoteDeployer.newId(spec.className() != null ? spec.className() : "concoord");
        hosts = new DeploymentHosts(id, options, List.of(), List.of(), DeploymentHosts.RUNNING);
      }
      int index = hosts.indexOf(name);
      if (index < 0) {
        hosts = hosts.withHost(HostsFile.parseLine(name), null);
        index = hosts.hosts().size() - 1;
      }
      return new Remote(hosts, index, spec);
    }

    @Override
    public String where() {
      return hosts.hosts().get(index).label();
    }

    @Override
    public int hostIndex() {
      return index;
    }

    @Override
    public DeploymentHosts hosts() {
      return remote == null || remote.dir() == null ? hosts : hosts.withDir(index, remote.dir());
    }

    @Override
    public void prepare(RemoteNode node, Progress progress) throws DeployException {
      HostsFile.Host host = hosts.hosts().get(index);
      List<String> learned = new ArrayList<>();
      remote = RemoteHost.connect(host, hosts.ssh(), hosts.dirs().get(index), learned);
      learned.forEach(
          key ->
              progress.note(
                  "accepted the new host key " + key + " into " + hosts.ssh().knownHosts()));
      remote.checkJava();
      progress.set(node.progressLine, Progress.State.COPYING, null);
      if (remote.dir() == null) {
        remote.makeNewDir(hosts.dirFor(host));
        madeDir = true;
      }
      Path jar;
      try {
        jar = OwnJar.path();
      } catch (Exception e) {
        throw new DeployException(where(), "copy", "cannot find the ConCoord jar: " + e, e);
      }
      remote.copy(jar, RemoteHost.JAR);
      if (node.role == Role.REPLICA) {
        remote.copy(spec.file(), spec.file().getFileName().toString());
      }
    }

    @Override
    public long start(RemoteNode node, String bootstrap) throws DeployException {
      String bind = hosts.hosts().get(index).address();
      Integer port = new RemoteTls(spec).install(remote, bind);
      return remote.start(node.log(), spec.heap(), node.arguments(bind, port, bootstrap, spec));
    }

    @Override
    public RemoteHost.Probe look(RemoteNode node, String step) throws DeployException {
      RemoteHost.Probe probe = remote.probe(Map.of(node.pid, node.log()), step).get(node.pid);
      return probe != null ? probe : new RemoteHost.Probe(false, null);
    }

    @Override
    public String tail(RemoteNode node) {
      return remote.tail(node.log());
    }

    @Override
    public Path log(RemoteNode node) {
      return Path.of(remote.dir(), node.log());
    }

    @Override
    public List<String> args(RemoteNode node) {
      return node.recordedArguments(spec);
    }

    @Override
    public String undo(RemoteNode node) {
      if (remote == null) {
        return "nothing had been started or copied";
      }
      StringBuilder done = new StringBuilder("host " + where() + ":");
      try {
        if (node.pid > 0) {
          List<Long> running = remote.stop(List.of(node.pid), 0, "rollback", false);
          done.append(running.isEmpty() ? " already exited: " : " killed ")
              .append(node.name())
              .append(" (pid ")
              .append(node.pid)
              .append(");");
        }
        if (madeDir && remote.removeDir("rollback")) {
          done.append(" removed ").append(remote.dir());
        } else if (node.pid > 0 && remote.removeFile(node.log(), "rollback")) {
          done.append(" removed its log ").append(remote.dir()).append('/').append(node.log());
        }
      } catch (DeployException e) {
        done.append(" could NOT clean up (")
            .append(e.getMessage())
            .append(")")
            .append(
                node.pid > 0 ? ": " + node.name() + " (pid " + node.pid + ") may still run" : "");
      }
      return done.toString();
    }

    @Override
    public void close() {
      if (remote != null) {
        remote.close();
      }
    }
  }

  /**
   * How a node added to the deployment in {@code dir} secures itself: with the deployment's CA in
   * {@code dir/tls} (the node issues its certificate from it), or plaintext if the deployment has
   * none (it was initialized --insecure).
   */
  static List<String> tlsArguments(Path dir) {
    Path tls = dir.toAbsolutePath().resolve("tls");
    return new CertificateAuthority(tls).exists()
        ? List.of("--tls-dir", tls.toString())
        : List.of("--insecure");
  }
}
