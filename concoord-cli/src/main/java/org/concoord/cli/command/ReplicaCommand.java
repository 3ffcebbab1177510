package org.concoord.cli.command;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.hosting.LoadCheck;
import org.concoord.cli.hosting.ObjectClasses;
import org.concoord.cli.hosting.UpgradedCode;
import org.concoord.cli.tls.TlsOptions;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectLoader;
import org.concoord.core.NodeId;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.replica.ReplicaBudgets;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.runtime.Node;
import org.concoord.runtime.storage.StorageConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concoord replica -f FILE -c CLASS [-a addr] [-p port] [-b bootstrap]}: without -b the
 * instance's first replica (it serves once an acceptor joins); with -b a replica that joins.
 */
@Command(
    name = "replica",
    mixinStandardHelpOptions = true,
    description = "Starts a replica of the object; without -b it bootstraps a new instance.")
public final class ReplicaCommand implements Callable<Integer> {
  @Option(
      names = "-f",
      required = true,
      paramLabel = "FILE",
      description =
          "The object: a .java, .class or .jar file, or a directory of .java files;"
              + " -f several times for several .java and .class files compiled together.")
  java.util.List<Path> files;

  @Option(names = "-c", required = true, description = "The object's class name.")
  String className;

  @Option(
      names = "-a",
      description = "Address to bind and advertise (default ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String address;

  @Option(
      names = "-p",
      description =
          "Port of peers, and of clients unless --client-port (default:"
              + " a free one at random in 14000-15000).")
  Integer port;

  @Option(
      names = "--client-port",
      paramLabel = "PORT",
      description =
          "Serve clients (calls, watches, status) on this port of their own and only"
              + " peers on -p, which can then be firewalled to the instance's hosts; each port refuses"
              + " the other's messages. The node's address becomes HOST:PORT/CLIENT-PORT. Default:"
              + " peers and clients on -p.")
  Integer clientPort;

  @Option(
      names = "-b",
      description =
          "Bootstrap of a running instance: host:port[,host:port...] or"
              + " DOMAIN[@DNS-SERVER[:PORT]].")
  String bootstrap;

  @Option(
      names = "--remove-after",
      paramLabel = "SECONDS",
      description =
          "When leading, remove a replica, acceptor or nameserver silent for this long "
              + "from the view (0: never; default ${DEFAULT-VALUE}).")
  double removeAfterSeconds = 10;

  @Option(
      names = "--retain-slots",
      paramLabel = "SLOTS",
      description =
          "Executed slots kept to help lagging replicas; one further behind gets a "
              + "snapshot of the state instead (default ${DEFAULT-VALUE}).")
  int retainSlots = ReplicaConfig.defaults().decisionRetentionSlots();

  @Option(
      names = "--unchecked",
      description =
          "Host the object even if it fails the checks of 'concoord object -s' (logged"
              + " loudly): replicas may then diverge or stall.")
  boolean unchecked;

  @Mixin StorageOptions storageOptions;

  @Option(
      names = "--state-max",
      paramLabel = "BYTES",
      description =
          "The object's state quota, in bytes of its snapshot (suffix k, m or g: KiB,"
              + " MiB, GiB): a call that would grow the state beyond it is refused (it does not run) with"
              + " StateQuotaExceededException; 0 sets none. Give every replica the same (default: an"
              + " eighth of the heap, the same for replicas started with the same --heap).")
  String stateMax;

  @Option(
      names = "--digest-every",
      paramLabel = "SLOTS",
      description =
          "Replicas compare a digest of their state after every this many slots; a"
              + " replica that differs from the majority stops serving and restores a majority"
              + " replica's snapshot (0: never; default ${DEFAULT-VALUE}).")
  int digestEverySlots = ReplicaConfig.DIGEST_EVERY_SLOTS_DEFAULT;

  @Mixin TlsOptions tls;

  @Option(
      names = "--no-read-lease",
      description =
          "Hold no read lease: a LEASE read then takes a confirming round like a"
              + " LINEARIZABLE one, and a new leader proposes at once instead of waiting out the old"
              + " leader's lease (0.29 s). Give every replica the same (docs/protocol.md, Lease reads).")
  boolean noReadLease;

  @Option(
      names = "--explicit-create",
      description =
          "Create named objects only explicitly (concoord objects create); a call to a"
              + " missing name is then an error. Default: a call creates its object on first use."
              + " Give every replica the same.")
  boolean explicitCreate;

  @Option(
      names = "--objects-max",
      paramLabel = "N",
      description =
          "Most named objects (deleted names remembered count too; default"
              + " ${DEFAULT-VALUE}). Give every replica the same.")
  int objectsMax = org.concoord.core.host.ObjectCatalog.OBJECTS_MAX_DEFAULT;

  @Option(
      names = "--snapshot-every",
      paramLabel = "SLOTS",
      description =
          "With durability fsync, write a snapshot every this many executed slots (and "
              + "after each view change; at most half of --retain-slots; default ${DEFAULT-VALUE}).")
  int snapshotEverySlots = StorageConfig.SNAPSHOT_EVERY_SLOTS_DEFAULT;

  @Option(
      names = "--restore",
      paramLabel = "BACKUP",
      description =
          "Without -b: start the new instance from this backup (concoord snapshot"
              + " save); ignored once this replica has state in its data directory.")
  Path restore;

  @Mixin AdminOptions adminOptions;

  @Mixin HttpOptions httpOptions;

  @Mixin LogOptions logOptions;

  /**
   * {@code --state-max} in bytes; by default an eighth of this JVM's heap: a state at its quota is
   * held once live, once encoded and once in the snapshot being written while a snapshot is taken,
   * beside the slots retained for catch-up (an eighth too) and the frames in flight
   * (docs/operations.md, "Heap budget of one large value").
   */
  long stateMaxBytes() {
    if (stateMax == null) {
      return Runtime.getRuntime().maxMemory() / 8;
    }
    String text = stateMax.trim().toLowerCase(java.util.Locale.ROOT);
    long unit =
        text.endsWith("k")
            ? 1L << 10
            : text.endsWith("m") ? 1L << 20 : text.endsWith("g") ? 1L << 30 : 1;
    String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
    try {
      long value = Long.parseLong(digits);
      if (value < 0 || value > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return value * unit;
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--state-max must be a number of bytes (suffix k, m or g allowed), got " + stateMax);
    }
  }

  /** The replica's protocol settings from the options, its budgets from this process's heap. */
  private ReplicaConfig config() {
    return ReplicaConfig.defaults()
        .withRemoveAfterTicks(Math.round(removeAfterSeconds * 1000 / Node.TICK_MILLIS))
        .withDecisionRetentionSlots(retainSlots)
        .withBudgets(ReplicaBudgets.fromHeap(Runtime.getRuntime().maxMemory()))
        .withStateMaxBytes(stateMaxBytes())
        .withDigestEverySlots(digestEverySlots)
        .withReadLease(!noReadLease);
  }

  @Override
  public Integer call() throws Exception {
    logOptions.apply();
    if (removeAfterSeconds < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--remove-after must be >= 0 seconds, got " + removeAfterSeconds);
    }
    LoadedObject loaded = ObjectLoader.open(files, className); // lives as long as the node
    Class<?> type = loaded.objectClass();
    if (!LoadCheck.passes(loaded, unchecked, System.err)) {
      return LoadCheck.EXIT_REFUSED;
    }
    ObjectHost host = new ObjectHost(type);
    if (objectsMax < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--objects-max must be >= 1, got " + objectsMax);
    }
    org.concoord.core.host.ObjectCatalog catalog =
        ObjectClasses.catalog(loaded, unchecked, System.err)
            .withExplicitCreate(explicitCreate)
            .withObjectsMax(objectsMax);
    byte[] fingerprint = HexFormat.of().parseHex(loaded.fingerprint());
    List<NodeId> nodes = bootstrap == null ? List.of() : Bootstraps.nodes(bootstrap);
    int chosen = port != null ? port : storageOptions.choosePort(address);
    checkClientPort(chosen);
    NodeId self = NodeId.of(address + ":" + chosen + (clientPort == null ? "" : "/" + clientPort));
    // With durability fsync the replica keeps its genesis view and snapshots there.
    StorageConfig storage =
        storageOptions.resolve(self.address()).withSnapshotEvery(snapshotEverySlots);
    // The code a decided upgrade carries is kept and loaded from the replica's own directory.
    catalog =
        catalog.withLoader(
            UpgradedCode.in(
                storage.durability() == org.concoord.runtime.storage.Durability.FSYNC
                    ? storage.dataDir()
                    : null,
                unchecked));
    org.concoord.client.tls.TlsCredentials credentials = tls.resolve(self);
    Node node = node(self, chosen, host, catalog, fingerprint, nodes, storage, credentials);
    node.start();
    System.out.println(
        "concoord replica "
            + self
            + " of "
            + type.getSimpleName()
            + (bootstrap == null
                ? " (bootstrap: start an acceptor with -b " + self + ")"
                : " joining " + bootstrap));
    System.out.flush();
    httpOptions.start(type, address, self, nodes, credentials); // stops with the process
    return NodeProcess.runUntilStopped(node, adminOptions, credentials);
  }

  private void checkClientPort(int chosen) {
    if (clientPort != null && (clientPort < 1 || clientPort > 65535 || clientPort == chosen)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--client-port must be a port in 1..65535 other than -p, got " + clientPort);
    }
  }

  /** The replica node (not yet started), on its client port too if it has one. */
  private Node node(
      NodeId self,
      int chosen,
      ObjectHost host,
      org.concoord.core.host.ObjectCatalog catalog,
      byte[] fingerprint,
      List<NodeId> nodes,
      StorageConfig storage,
      org.concoord.client.tls.TlsCredentials credentials)
      throws java.io.IOException {
    Node node =
        Node.replica(
                self,
                new InetSocketAddress(address, chosen),
                host,
                catalog,
                fingerprint,
                nodes,
                config(),
                storage,
                bootstrap == null ? restore : null)
            .withTls(credentials);
    if (clientPort != null) {
      node.withClientPort(new InetSocketAddress(address, clientPort));
    }
    return node;
  }
}
