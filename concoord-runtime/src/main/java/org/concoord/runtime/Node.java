package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.StateMachine;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.replica.ReplicaConfig;

/**
 * One ConCoord node: a role driven by one thread that owns everything (transport, role, effects).
 * Wall time becomes ticks here, one every {@link #TICK_MILLIS}. Durability is off in this build:
 * an acceptor's writes are applied in memory (the original's behaviour), so persist effects need
 * no sync before the sends that follow them.
 */
public final class Node implements AutoCloseable {
  public static final int TICK_MILLIS = 10;

  private static final Logger LOG = Logger.getLogger(Node.class.getName());

  private final NodeId self;
  private final NodeRole role;
  private final Transport transport;
  private final Effects effects = new Effects();
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile String fatal;

  private Node(NodeId self, InetSocketAddress bind, RoleFactory factory) throws IOException {
    this.self = self;
    this.role = factory.create(this::fail);
    this.transport =
        new Transport(
            self,
            bind,
            new Transport.Handler() {
              @Override
              public void onPeerMessage(NodeId from, Message message) {
                step(() -> role.onPeerMessage(from, message, effects));
              }

              @Override
              public void onClientRequest(ClientRequest request) {
                step(() -> role.onClientRequest(request, effects));
              }

              @Override
              public StatusReply status() {
                return role.status();
              }
            });
    this.thread = new Thread(this::loop, "concoord-" + self);
  }

  private interface RoleFactory {
    NodeRole create(Consumer<String> fatal);
  }

  /** A replica of {@code machine}; with an empty bootstrap it is the instance's first. */
  public static Node replica(
      NodeId self,
      InetSocketAddress bind,
      StateMachine machine,
      byte[] fingerprint,
      List<NodeId> bootstrap,
      ReplicaConfig config)
      throws IOException {
    return new Node(
        self,
        bind,
        fatal -> new ReplicaRole(self, machine, fingerprint, config, bootstrap, fatal));
  }

  /** An acceptor joining the instance reached through {@code bootstrap}. */
  public static Node acceptor(NodeId self, InetSocketAddress bind, List<NodeId> bootstrap)
      throws IOException {
    return new Node(self, bind, fatal -> new AcceptorRole(self, bootstrap));
  }

  /**
   * A nameserver: joins the instance reached through {@code bootstrap} as a learner of the view
   * and publishes every view it learns to {@code feed}.
   */
  public static Node nameserver(
      NodeId self, InetSocketAddress bind, List<NodeId> bootstrap, ViewFeed feed)
      throws IOException {
    return new Node(
        self, bind, fatal -> new NameserverRole(self, bootstrap, LearnerConfig.defaults(), feed));
  }

  public NodeId self() {
    return self;
  }

  public Node start() {
    thread.start();
    return this;
  }

  /** Blocks until the node stops; returns the fatal reason, or null after a clean stop. */
  public String awaitStop() throws InterruptedException {
    stopped.await();
    return fatal;
  }

  private void fail(String reason) {
    fatal = reason;
    running = false;
  }

  private void loop() {
    long nextTick = System.currentTimeMillis() + TICK_MILLIS;
    try {
      while (running) {
        long now = System.currentTimeMillis();
        if (now >= nextTick) {
          // A late thread catches up by at most a few ticks, not a burst of hundreds.
          nextTick = Math.max(nextTick + TICK_MILLIS, now - 5 * TICK_MILLIS);
          step(() -> role.onTick(effects));
          transport.flushAll();
          continue;
        }
        transport.poll(nextTick - now);
      }
    } catch (IOException | RuntimeException e) {
      fatal = "node " + self + " stopped: " + e;
      LOG.log(Level.SEVERE, fatal, e);
    } finally {
      try {
        transport.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
      stopped.countDown();
    }
  }

  /** Runs one role step and applies its effects: sends and client replies, in order. */
  private void step(Runnable action) {
    action.run();
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Send send) {
        transport.send(send.target(), send.message());
      } else if (effect instanceof Effects.Reply reply) {
        transport.reply(reply.reply());
      }
    }
    effects.clear();
  }

  public String describe() {
    return role.describe();
  }

  @Override
  public void close() {
    running = false;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
