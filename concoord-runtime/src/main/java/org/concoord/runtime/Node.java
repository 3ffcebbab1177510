package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.StateMachine;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.message.Snapshot;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.Role;
import org.concoord.runtime.metrics.NodeMetrics;
import org.concoord.runtime.storage.Durability;
import org.concoord.runtime.storage.GroupCommit;
import org.concoord.runtime.storage.StorageConfig;
import org.concoord.runtime.storage.WriteLog;

/**
 * One ConCoord node: a role driven by one thread that owns everything (transport, role, effects),
 * the {@link NodeLoop}. Wall time becomes ticks there, one every {@link #TICK_MILLIS}; and there
 * every send or reply emitted after a durable write waits until the node's {@link WriteLog} says
 * that write is durable (persist before send). This class builds each kind of node (replica,
 * acceptor, nameserver) and is what its process and tests hold: start, stop, metrics, backups and
 * the call watchdog's questions.
 */
public final class Node implements AutoCloseable {
  public static final int TICK_MILLIS = 10;

  private final NodeId self;

  /** The node's thread and what it owns. */
  private final NodeLoop loop;

  private final String recovery;

  /** The object's calls, watched (a replica), or null. */
  private final CallWatch calls;

  private Node(
      NodeId self,
      Role kind,
      InetSocketAddress bind,
      NodeLoop.RoleFactory factory,
      WriteLog log,
      String recovery)
      throws IOException {
    this(self, kind, bind, factory, log, recovery, null);
  }

  private Node(
      NodeId self,
      Role kind,
      InetSocketAddress bind,
      NodeLoop.RoleFactory factory,
      WriteLog log,
      String recovery,
      CallWatch calls)
      throws IOException {
    this.self = self;
    this.calls = calls;
    this.recovery = recovery;
    this.loop = new NodeLoop(self, kind, bind, factory, log);
  }

  /** A replica of {@code machine} in memory; with an empty bootstrap, the instance's first. */
  public static Node replica(
      NodeId self,
      InetSocketAddress bind,
      StateMachine machine,
      byte[] fingerprint,
      List<NodeId> bootstrap,
      ReplicaConfig config)
      throws IOException {
    return replica(self, bind, machine, fingerprint, bootstrap, config, StorageConfig.none());
  }

  /**
   * A replica of {@code machine}; with an empty bootstrap it is the instance's first. {@code
   * storage} is handed to the role: with durability fsync the replica keeps its genesis view and
   * its snapshots there ({@code storage.ReplicaStore}).
   */
  public static Node replica(
      NodeId self,
      InetSocketAddress bind,
      StateMachine machine,
      byte[] fingerprint,
      List<NodeId> bootstrap,
      ReplicaConfig config,
      StorageConfig storage)
      throws IOException {
    return replica(
        self,
        bind,
        machine,
        ObjectCatalog.forMachine(machine),
        fingerprint,
        bootstrap,
        config,
        storage);
  }

  /**
   * A replica whose default object is {@code machine} and whose named objects are of the classes of
   * {@code catalog}; with an empty bootstrap it is the instance's first.
   */
  public static Node replica(
      NodeId self,
      InetSocketAddress bind,
      StateMachine machine,
      ObjectCatalog catalog,
      byte[] fingerprint,
      List<NodeId> bootstrap,
      ReplicaConfig config,
      StorageConfig storage)
      throws IOException {
    return replica(self, bind, machine, catalog, fingerprint, bootstrap, config, storage, null);
  }

  /**
   * The same, the first replica of a new instance restored from the backup {@code restoreFrom}
   * ({@code concoord snapshot restore}; null: a new, empty instance): it starts from the backup's
   * state (objects, access policy, clock) at the backup's slot, in a view of its own. Ignored when
   * the data directory already holds this replica's state (a restart) or with a bootstrap.
   */
  public static Node replica(
      NodeId self,
      InetSocketAddress bind,
      StateMachine machine,
      ObjectCatalog catalog,
      byte[] fingerprint,
      List<NodeId> bootstrap,
      ReplicaConfig config,
      StorageConfig storage,
      java.nio.file.Path restoreFrom)
      throws IOException {
    CallWatch watched = new CallWatch(machine);
    ObjectCatalog watchedCatalog = catalog.withWatcher(watched);
    return new Node(
        self,
        Role.REPLICA,
        bind,
        (fatal, metrics) ->
            new ReplicaRole(
                self,
                watched,
                watchedCatalog,
                fingerprint,
                config,
                bootstrap,
                storage,
                fatal,
                metrics,
                restoreFrom),
        WriteLog.inMemory(),
        "replica state in memory",
        watched);
  }

  /** An acceptor in memory (durability none) joining the instance through {@code bootstrap}. */
  public static Node acceptor(NodeId self, InetSocketAddress bind, List<NodeId> bootstrap)
      throws IOException {
    return acceptor(self, bind, bootstrap, StorageConfig.none());
  }

  /**
   * An acceptor joining (or, restarted on its address and data directory, rejoining) the instance
   * reached through {@code bootstrap}. With durability fsync it first recovers its promise and
   * accepted pvalues from its write-ahead log.
   *
   * @throws org.concoord.runtime.storage.LogCorruptException if the log cannot be trusted
   */
  public static Node acceptor(
      NodeId self, InetSocketAddress bind, List<NodeId> bootstrap, StorageConfig storage)
      throws IOException {
    if (storage.durability() == Durability.NONE) {
      return new Node(
          self,
          Role.ACCEPTOR,
          bind,
          (fatal, metrics) -> new AcceptorRole(new Acceptor(self), bootstrap, null, fatal),
          WriteLog.inMemory(),
          "durability none: nothing on disk, a restart starts empty");
    }
    GroupCommit log = GroupCommit.open(storage, self);
    try {
      List<DurableWrite> writes = log.recoveredWrites();
      Acceptor acceptor = Acceptor.recover(self, writes, Set.of(), Observer.NONE);
      return new Node(
          self,
          Role.ACCEPTOR,
          bind,
          (fatal, metrics) -> new AcceptorRole(acceptor, bootstrap, storage.dataDir(), fatal),
          log,
          log.describeRecovery());
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
  }

  /** An acceptor whose writes go to {@code log} (tests drive the log by hand). */
  static Node acceptor(
      Acceptor acceptor,
      InetSocketAddress bind,
      List<NodeId> bootstrap,
      WriteLog log,
      String recovery)
      throws IOException {
    return new Node(
        acceptor.self(),
        Role.ACCEPTOR,
        bind,
        (fatal, metrics) -> new AcceptorRole(acceptor, bootstrap, null, fatal),
        log,
        recovery);
  }

  /**
   * A nameserver: joins the instance reached through {@code bootstrap} as a learner of the view and
   * publishes every view it learns to {@code feed}.
   */
  public static Node nameserver(
      NodeId self, InetSocketAddress bind, List<NodeId> bootstrap, ViewFeed feed)
      throws IOException {
    return new Node(
        self,
        Role.NAMESERVER,
        bind,
        (fatal, metrics) -> new NameserverRole(self, bootstrap, LearnerConfig.defaults(), feed),
        WriteLog.inMemory(),
        "a nameserver keeps nothing on disk");
  }

  public NodeId self() {
    return self;
  }

  /** Whether this node is a replica (it holds the replicated state). */
  public boolean isReplica() {
    return loop.role() instanceof ReplicaRole;
  }

  /**
   * Every connection of this node TLS 1.3 with mutual authentication by these credentials: call
   * before {@link #start()}. Without it the node speaks plaintext (the CLI's --insecure).
   */
  public Node withTls(org.concoord.client.tls.TlsCredentials credentials) {
    loop.transport().useTls(credentials);
    return this;
  }

  /**
   * Serves clients on a port of their own, {@code bind}, and only peers on the node's address (call
   * before {@link #start()}): each port closes a connection that sends the other's messages, so the
   * peer port can be firewalled. Advertise it in the node's id, {@code host:port/clientPort}
   * ({@link NodeId#clientAddress()}).
   */
  public Node withClientPort(InetSocketAddress bind) throws IOException {
    loop.transport().listenForClients(bind);
    return this;
  }

  /** This node's metrics and the state it publishes each tick (for the admin listener). */
  public NodeMetrics metrics() {
    return loop.metrics();
  }

  public Node start() {
    loop.start();
    return this;
  }

  /**
   * A snapshot of the replicated state after this replica's last executed (so decided) slot, for a
   * backup ({@code concoord snapshot save}), if {@code principal} is an admin of the instance's
   * access policy; taken on the node's thread at its next tick. Fails with a {@link
   * SecurityException} for another principal, an {@link IllegalStateException} on a node that holds
   * no state (not a replica, or nothing executed yet).
   */
  public CompletableFuture<Snapshot> backup(String principal) {
    return loop.backup(principal);
  }

  /**
   * Tests only: the node's thread runs {@code stall} right before its next wait for I/O, where a
   * stopped process or a GC pause most often finds it: what is sent to the node meanwhile waits in
   * its sockets, and is handled as soon as the wait returns.
   */
  void stallBeforeNextWait(Runnable stall) {
    loop.stallBeforeNextWait(stall);
  }

  /** What the node recovered from disk at start, in one line. */
  public String recovery() {
    return recovery;
  }

  /** Blocks until the node stops; returns the fatal reason, or null after a clean stop. */
  public String awaitStop() throws InterruptedException {
    return loop.awaitStop();
  }

  /**
   * The object's call that has run for longer than {@code boundMillis} (with its slot, method and
   * client), or null. For a watchdog on another thread: the node thread is stuck in it.
   */
  public String overdueCall(long boundMillis) {
    return calls == null ? null : calls.overdue(boundMillis, loop.role().slotExecuting());
  }

  /** Records why the node is being stopped by a watchdog (see {@link #overdueCall}). */
  public String recordStop(String reason) {
    return loop.role().stopped(loop.role().slotExecuting(), reason);
  }

  public String describe() {
    return loop.describe();
  }

  @Override
  public void close() {
    loop.close();
  }
}
