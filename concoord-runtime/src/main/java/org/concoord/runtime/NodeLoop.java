package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Outbox;
import org.concoord.core.host.UserCodeFailure;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.view.Role;
import org.concoord.runtime.metrics.NodeMetrics;
import org.concoord.runtime.storage.WriteLog;

/**
 * A {@link Node}'s one thread and everything it owns (transport, role, effects): its loop, which
 * turns wall time into ticks, one every {@link Node#TICK_MILLIS}, and hands the role what arrives
 * (as the transport's {@link Transport.Handler}).
 *
 * <p>Persist before send: the role's durable writes go to the node's {@link WriteLog}, and every
 * send or reply emitted after a write waits in the core's {@link Outbox} until the log says that
 * write is durable. With durability fsync the log's syncer thread syncs in groups and wakes this
 * thread after each sync, which then releases what the sync covered, in order. The syncer touches
 * only the log; the role, the transport and the outbox stay this thread's alone.
 */
final class NodeLoop implements Transport.Handler {
  /** The node's logger: a stop is the node's to report. */
  private static final Logger LOG = Logger.getLogger(Node.class.getName());

  private final NodeId self;
  private final NodeRole role;
  private final Transport transport;
  private final Effects effects = new Effects();
  private final WriteLog log;

  /** Persist before send: the step's sends wait here for its writes (the core's one driver). */
  private final Outbox<Object> outbox;

  private final NodeMetrics metrics;
  private final Thread thread;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile String fatal;

  /** Backups asked for by the admin listener, answered on the node's thread. */
  private final BackupDesk backups = new BackupDesk();

  /** The tick count against the monotonic clock; set when the loop starts. */
  private TickClock clock;

  /** Tests only ({@link #stallBeforeNextWait}): run once before the next wait for I/O, or null. */
  private volatile Runnable stall;

  /** How a node's role is built, given how it stops the node and the node's metrics. */
  interface RoleFactory {
    NodeRole create(Consumer<String> fatal, NodeMetrics metrics);
  }

  NodeLoop(NodeId self, Role kind, InetSocketAddress bind, RoleFactory factory, WriteLog log)
      throws IOException {
    this.self = self;
    this.log = log;
    this.outbox = new Outbox<>(log, this::emit);
    this.metrics = new NodeMetrics(self, kind);
    log.observe(metrics.storage());
    this.role = factory.create(this::fail, metrics);
    this.transport = new Transport(self, bind, this);
    metrics.network(transport.traffic());
    this.thread = new Thread(this::loop, "concoord-" + self);
  }

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

  NodeRole role() {
    return role;
  }

  Transport transport() {
    return transport;
  }

  NodeMetrics metrics() {
    return metrics;
  }

  void start() {
    log.start(transport::wakeup, this::fail);
    thread.start();
  }

  /** See {@link Node#backup}. */
  CompletableFuture<Snapshot> backup(String principal) {
    return backups.ask(principal);
  }

  /** See {@link Node#stallBeforeNextWait}. */
  void stallBeforeNextWait(Runnable stall) {
    this.stall = stall;
  }

  /** Blocks until the node stops; returns the fatal reason, or null after a clean stop. */
  String awaitStop() throws InterruptedException {
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
    clock = new TickClock(monotonicMillis(), Node.TICK_MILLIS);
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

  String describe() {
    return role.describe()
        + " "
        + log.describe()
        + (outbox.held() == 0 ? "" : " held=" + outbox.held());
  }

  /** Stops the loop and waits for it; then closes the role. */
  void close() {
    running = false;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    role.close(); // the node thread has ended: nothing uses the role any more
  }
}
