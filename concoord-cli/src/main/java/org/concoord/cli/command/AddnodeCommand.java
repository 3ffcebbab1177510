package org.concoord.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceSpec;
import org.concoord.cli.deploy.LocalNodeStart;
import org.concoord.cli.deploy.NodeAddition;
import org.concoord.cli.deploy.NodeLauncher;
import org.concoord.cli.deploy.ObjectFiles;
import org.concoord.cli.deploy.Progress;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.core.view.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concoord addnode -t 1|2|3 -s DOMAIN -f FILE -c CLASS -b BOOTSTRAP [--host H]}: starts one
 * node of the running instance (1 acceptor, 2 replica, 3 nameserver: the original's numbering), on
 * this machine or on a host over SSH, waits until it is in the view (and, for a nameserver, answers
 * DNS for every replica) and records it in the deployment file. What the deployment file records
 * (bootstrap, object, domain, hosts, SSH settings) need not be given again. A failure names the
 * host and the step and stops the node again.
 */
@Command(
    name = "addnode",
    mixinStandardHelpOptions = true,
    description =
        "Adds a node to a running instance, here or on a host over SSH, and waits"
            + " until it is in the view. -t: 1 acceptor, 2 replica, 3 nameserver.")
public final class AddnodeCommand implements Callable<Integer> {
  @Option(
      names = "-t",
      required = true,
      paramLabel = "TYPE",
      description = "1: acceptor, 2: replica, 3: nameserver.")
  int type;

  @Option(
      names = "-s",
      paramLabel = "DOMAIN",
      description = "A nameserver's domain (default: the deployment's).")
  String domain;

  @Option(
      names = "-f",
      paramLabel = "FILE",
      description =
          "A replica's object (default: the"
              + " deployment's): a file or a directory, or -f several times for several files.")
  List<Path> files;

  @Option(names = "-c", description = "A replica's object class (default: the deployment's).")
  String className;

  @Option(
      names = "-b",
      description =
          "Bootstrap of the instance (default: the deployment's):"
              + " host:port[,host:port...] or DOMAIN[@DNS-SERVER[:PORT]].")
  String bootstrap;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description =
          "Start it on this host over SSH: one of the deployment's hosts (its name or"
              + " address) or a new one, written as a hosts-file line. Default: this machine.")
  String host;

  @Option(
      names = "-a",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Without --host: the address the node binds (default ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--dir",
      defaultValue = ".concoord",
      description = "Deployment directory (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--heap",
      defaultValue = LocalNodeStart.NODE_HEAP,
      description = "The node JVM's heap (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--durability", defaultValue = "fsync", description = "fsync or none.")
  String durability;

  @Mixin SshOptions ssh;

  @Override
  public Integer call() throws Exception {
    Role role = roleOf(type);
    if (role == null) {
      return refuse("-t must be 1 (acceptor), 2 (replica) or 3 (nameserver), not " + type);
    }
    org.concoord.runtime.storage.Durability.parse(durability);
    Deployment deployment =
        Files.exists(dir.resolve(Deployment.FILE)) ? Deployment.read(dir) : null;
    String target =
        bootstrap != null ? bootstrap : deployment != null ? deployment.bootstrap() : null;
    if (target == null || target.isEmpty()) {
      return refuse("give -b BOOTSTRAP (no deployment in " + dir.toAbsolutePath() + ")");
    }
    if (bootstrap == null && deployment.remote() != null && !deployment.remote().mayRun()) {
      return refuse(
          "the deployment in "
              + dir.toAbsolutePath()
              + " is "
              + deployment.remote().state()
              + ": start one with 'concoord initialize' first");
    }
    Deployment.ObjectRef object = deployment == null ? null : deployment.object();
    List<Path> objectFiles = files != null ? files : object != null ? List.of(object.file()) : null;
    String objectClass = className != null ? className : object != null ? object.className() : null;
    String served = domain != null ? domain : deployment != null ? deployment.domain() : null;
    if (role == Role.REPLICA && (objectFiles == null || objectClass == null)) {
      return refuse("a replica needs its object: give -f FILE -c CLASS");
    }
    if (role == Role.NAMESERVER) {
      if (served == null) {
        return refuse("a nameserver needs its domain: give -s DOMAIN");
      }
      org.concoord.nameserver.Nameserver.parseDomain(served);
    }
    Path objectFile = null;
    if (role == Role.REPLICA) {
      try {
        objectFile = ObjectFiles.forReplicas(objectFiles, objectClass, dir, host != null);
      } catch (java.io.IOException | RuntimeException e) {
        return refuse(
            "step compile (here, before the node starts): the object "
                + objectFiles
                + " does not load: "
                + e.getMessage());
      }
    }
    return add(role, deployment, target, objectFile, objectClass, served);
  }

  /** The role {@code -t} names (the original's numbering); null: none. */
  private static Role roleOf(int type) {
    return switch (type) {
      case 1 -> Role.ACCEPTOR;
      case 2 -> Role.REPLICA;
      case 3 -> Role.NAMESERVER;
      default -> null;
    };
  }

  /** Starts the node, here or on its host, and waits until it is in the view; the exit code. */
  private int add(
      Role role,
      Deployment deployment,
      String target,
      Path objectFile,
      String objectClass,
      String served)
      throws Exception {
    int ordinal =
        deployment == null
            ? 0
            : (int)
                deployment.nodes().stream().filter(n -> n.role().equals(roleWord(role))).count();
    Path tls = dir.toAbsolutePath().resolve("tls");
    InstanceSpec spec =
        new InstanceSpec(
            objectFile,
            objectClass,
            served,
            heap,
            durability,
            sharedReplicaArgs(deployment),
            new CertificateAuthority(tls).exists() ? tls : null);
    NodeLauncher launcher =
        host == null
            ? new NodeLauncher.Local(dir, address, spec)
            : NodeLauncher.Remote.prepare(deployment, host, ssh.settings(), spec, target);
    return new NodeAddition(
            role,
            ordinal,
            spec,
            target,
            dir,
            deployment,
            launcher,
            Progress.forStdout(),
            Duration.ofMillis(InitializeCommand.START_DEADLINE_MILLIS))
        .run();
  }

  /**
   * The options every replica of the instance was given alike, from the first recorded replica that
   * has arguments (none without a deployment, or for remote replicas, whose arguments are not
   * recorded here).
   */
  private static java.util.List<String> sharedReplicaArgs(Deployment deployment) {
    if (deployment == null) {
      return java.util.List.of();
    }
    return deployment.nodes().stream()
        .filter(n -> n.role().equals("replica") && n.args() != null)
        .findFirst()
        .map(n -> InstanceReplicaOptions.sharedIn(n.args()))
        .orElse(java.util.List.of());
  }

  private static String roleWord(Role role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static int refuse(String why) {
    System.err.println("concoord addnode: " + why);
    return 2;
  }
}
