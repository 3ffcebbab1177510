package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Outbox;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.StateMachine;
import org.concoord.core.host.UserCodeFailure;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.Role;
import org.concoord.runtime.metrics.NodeMetrics;
import org.concoord.runtime.storage.Durability;
import org.concoord.runtime.storage.GroupCommit;
import org.concoord.runtime.storage.StorageConfig;
import org.concoord.runtime.storage.WriteLog;

/**
 * One ConCoord node: a role driven by one thread that owns everything (transport, role, effects).
 * Wall time becomes ticks here, one every {@link #TICK_MILLIS}.
 *
 * <p>Persist before send: the role's durable writes go to the node's {@link WriteLog}, and every
 * send or reply emitted after a write waits in the core's {@link Outbox} until the log says that
 * write is durable. With durability fsync the log's syncer thread syncs in groups and wakes this
 * thread after each sync, which then releases what the sync covered, in order. The syncer touches
 * only the log; the role, the transport and the outbox stay this thread's alone.
 */
public final class Node implements AutoCloseable {
  public static final int TICK_MILLIS = 10;

  private static final Logger LOG = Logger.getLogger(Node.class.getName());

  private final NodeId self;
  private final NodeRole role;
  private final Transport transport;
  private final Effects effects = new Effects();
  private final WriteLog log;

  /** Persist before send: the step's sends wait here for its writes (the core's one driver). */
  private final Outbox<Object> outbox;

  private final NodeMetrics metrics;
  private final String recovery;
  private final Thread thread;

  /** The object's calls, watched (a replica), or null. */
  private final CallWatch calls;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile String fatal;

  /** Backups asked for by the admin listener, answered on the node's thread. */
  private final BackupDesk backups = new BackupDesk();

  /** The tick count against the monotonic clock; set when the loop starts. */
  private TickClock clock;

  /** Tests only ({@link #stallBeforeNextWait}): run once before the next wait for I/O, or null. */
  private volatile Runnable stall;

  private Node(
      NodeId self,
      Role kind,
      InetSocketAddress bind,
      RoleFactory factory,
      WriteLog log,
      String recovery)
      throws IOException {
    this(self, kind, bind, factory, log, recovery, null);
  }

  private Node(
      NodeId self,
      Role kind,
      InetSocketAddress bind,
      RoleFactory factory,
      WriteLog log,
      String recovery,
      CallWatch calls)
      throws IOException {
    this.self = self;
    this.calls = calls;
    this.log = log;
    this.outbox = new Outbox<>(log, this::emit);
    this.recovery = recovery;
    this.metrics = new NodeMetrics(self, kind);
    log.observe(metrics.storage());
    this.role = factory.create(this::fail, metrics);
    this.transport =
        new Transport(
            self,
            bind,
            new Transport.Handler() {
              @Override
              public void onPeerMessage(NodeId from, Message message) {
                noticeLostTime();
                metrics.onPeerMessage(message);
                step(() -> role.onPeerMessage(from, message, effects));
              }

              @Override
              public void onClientRequest(ClientRequest request) {
                noticeLostTime();
                metrics.onClientRequest(request);
                step(() -> role.onClientRequest(request, effects));
              }

              @Override
              public void onWatchRequest(WatchRequest request) {
                noticeLostTime();
                step(() -> role.onWatchRequest(request, effects));
              }

              @Override
              public StatusReply status() {
                return role.status();
              }

              @Override
              public String principalOfToken(String hashHex) {
                return role.principalOfToken(hashHex);
              }

              @Override
              public boolean isAdmin(String principal) {
                return role.isAdmin(principal);
              }
            });
    metrics.network(transport.traffic());
    this.thread = new Thread(this::loop, "concoord-" + self);
  }

  private interface RoleFactory {
    NodeRole create(Consumer<String> fatal, NodeMetrics metrics);
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
    return role instanceof ReplicaRole;
  }

  /**
   * Every connection of this node TLS 1.3 with mutual authentication by these credentials: call
   * before {@link #start()}. Without it the node speaks plaintext (the CLI's --insecure).
   */
  public Node withTls(org.concoord.client.tls.TlsCredentials credentials) {
    transport.useTls(credentials);
    return this;
  }

  /**
   * Serves clients on a port of their own, {@code bind}, and only peers on the node's address (call
   * before {@link #start()}): each port closes a connection that sends the other's messages, so the
   * peer port can be firewalled. Advertise it in the node's id, {@code host:port/clientPort}
   * ({@link NodeId#clientAddress()}).
   */
  public Node withClientPort(InetSocketAddress bind) throws IOException {
    transport.listenForClients(bind);
    return this;
  }

  /** This node's metrics and the state it publishes each tick (for the admin listener). */
  public NodeMetrics metrics() {
    return metrics;
  }

  public Node start() {
    log.start(transport::wakeup, this::fail);
    thread.start();
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
    return backups.ask(principal);
  }

  /**
   * Tests only: the node's thread runs {@code stall} right before its next wait for I/O, where a
   * stopped process or a GC pause most often finds it: what is sent to the node meanwhile waits in
   * its sockets, and is handled as soon as the wait returns.
   */
  void stallBeforeNextWait(Runnable stall) {
    this.stall = stall;
  }

  /** What the node recovered from disk at start, in one line. */
  public String recovery() {
    return recovery;
  }

  /** Blocks until the node stops; returns the fatal reason, or null after a clean stop. */
  public String awaitStop() throws InterruptedException {
    stopped.await();
    return fatal;
  }

  private void fail(String reason) {
    fatal = reason;
    running = false;
    if (transport != null) { // null only if the role fails while it is being built
      transport.wakeup();
    }
  }

  private static long monotonicMillis() {
    return System.nanoTime() / 1_000_000;
  }

  private void loop() {
    // The monotonic clock: a wall clock set back would stop the ticks, and a replica's read
    // lease (counted in ticks) would outlast its real time (LeaderLease's drift bound).
    clock = new TickClock(monotonicMillis(), TICK_MILLIS);
    try {
      while (running) {
        long now = monotonicMillis();
        long untilTick = clock.untilTick(now);
        if (untilTick <= 0) {
          // A late thread catches up by at most a few ticks (TickClock); the ticks it drops are
          // time its tick count loses, which the role hears of.
          if (clock.tick(now)) {
            role.clockJumped();
          }
          step(() -> role.onTick(effects));
          metrics.onTick(role.status(), role.sessions());
          metrics.onTickObject(role.hostedObject());
          backups.answer(role, self);
        } else {
          runStall();
          transport.poll(untilTick);
        }
        outbox.release();
        for (WatchRoutes.Key closed : transport.takeClosedWatches()) {
          role.watchClosed(closed.clientId(), closed.watchId());
        }
        transport.flushAll();
      }
    } catch (Throwable e) {
      // Anything that escapes a step stops the node, and says so: the process then exits
      // non-zero (an Error included, so a supervisor restarts it and monitoring sees a failure).
      fatal = "node " + self + " stopped: " + e;
      try {
        if (e instanceof UserCodeFailure failure) {
          fatal =
              "node "
                  + self
                  + " stopped by its object: "
                  + role.stopped(failure.slot(), failure.getMessage());
        }
        LOG.log(Level.SEVERE, fatal, e);
      } catch (Throwable ignored) {
        // out of memory even for the log line: the fatal reason still reaches awaitStop
      }
    } finally {
      log.close();
      try {
        transport.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
      stopped.countDown();
    }
  }

  /**
   * Before a frame reaches the role: if the thread stood still longer than its ticks catch up (the
   * frame may have waited in a socket through the pause), the role hears that its clock jumped
   * first, or a LEASE read among such frames is answered under a lease real time used up.
   */
  private void noticeLostTime() {
    if (clock.beforeFrame(monotonicMillis())) {
      role.clockJumped();
    }
  }

  private void runStall() {
    Runnable once = stall;
    if (once != null) {
      stall = null;
      once.run();
    }
  }

  /**
   * Runs one role step and applies its effects: its writes go to the log first, then its sends and
   * replies leave in order, at once if every write so far is durable, or else once it is.
   */
  private void step(Runnable action) {
    action.run();
    outbox.apply(effects, transport.origin());
  }

  private void emit(Effects.Effect effect, Object route) {
    if (effect instanceof Effects.Send send) {
      transport.send(route, send.target(), send.message());
    } else if (effect instanceof Effects.Reply reply) {
      metrics.calls().onReply(reply.reply());
      transport.reply(reply.reply());
    } else if (effect instanceof Effects.Push push) {
      transport.push(push.event());
    }
  }

  /**
   * The object's call that has run for longer than {@code boundMillis} (with its slot, method and
   * client), or null. For a watchdog on another thread: the node thread is stuck in it.
   */
  public String overdueCall(long boundMillis) {
    return calls == null ? null : calls.overdue(boundMillis, role.slotExecuting());
  }

  /** Records why the node is being stopped by a watchdog (see {@link #overdueCall}). */
  public String recordStop(String reason) {
    return role.stopped(role.slotExecuting(), reason);
  }

  public String describe() {
    return role.describe()
        + " "
        + log.describe()
        + (outbox.held() == 0 ? "" : " held=" + outbox.held());
  }

  @Override
  public void close() {
    running = false;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    role.close(); // the node thread has ended: nothing uses the role any more
  }
}
