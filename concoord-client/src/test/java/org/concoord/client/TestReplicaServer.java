package org.concoord.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.FrameReader;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.View;

/**
 * A one-replica, one-acceptor ConCoord node for client tests: the real core roles, wired in one
 * "core" thread by a FIFO pump of their effects (Persist is a no-op, Send goes to the other role's
 * onMessage, Reply is written to the connection the client last talked through), ticked every 10
 * ms. Clients connect over real TCP on loopback; each {@link Mode} is its own port, so a bootstrap
 * can mix a working leader with misbehaving nodes. Every request received on any port is recorded.
 */
final class TestReplicaServer implements AutoCloseable {
  /** How a port treats requests. */
  enum Mode {
    /** The replica: executes and answers. */
    LEADER,
    /** Answers NOT_LEADER naming the LEADER port. */
    FOLLOWER,
    /** Answers NOT_LEADER without a hint. */
    CLUELESS_FOLLOWER,
    /** Hands requests to the replica (they execute) but never answers: a node cut off after. */
    FORWARD_SILENTLY,
    /** Hands the request to the replica, then closes the connection: a node that crashes. */
    FORWARD_THEN_HANG_UP,
    /** Reads requests and does nothing at all. */
    SILENT
  }

  /** A received request: on which port, and what. */
  record Received(Mode mode, ClientCommand command) {}

  static final long TICK_MILLIS = 10;

  /** Short election waits, so a test's node leads within a few ticks. */
  static ReplicaConfig config(long sessionExpiryTicks) {
    return new ReplicaConfig(2, 5, 5, 64, 100_000, 64, 10_000, sessionExpiryTicks, 1_000, 4096);
  }

  private final Map<Mode, ServerSocket> ports = new EnumMap<>(Mode.class);
  private final NodeId leaderId;
  private final NodeId acceptorId = NodeId.of("acceptor-1");
  private final ObjectHost host;
  private final Replica replica;
  private final Acceptor acceptor;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final Map<Long, ClientLink> repliesTo = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread core;
  private volatile boolean closed;

  private TestReplicaServer(Class<?> objectClass, ReplicaConfig config) throws IOException {
    for (Mode mode : Mode.values()) {
      ports.put(mode, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }
    leaderId = NodeId.of(address(Mode.LEADER));
    host = new ObjectHost(objectClass);
    View view = View.initial(List.of(leaderId), List.of(acceptorId));
    replica =
        new Replica(leaderId, view, host, config, new SplittableRandom(1), Set.of(), Observer.NONE);
    acceptor = new Acceptor(acceptorId);
    core = new Thread(this::runCore, "test-replica-core");
    core.setDaemon(true);
  }

  /** A node hosting a fresh {@code objectClass}, already leading. */
  static TestReplicaServer start(Class<?> objectClass) throws Exception {
    return start(objectClass, config(60_000));
  }

  static TestReplicaServer start(Class<?> objectClass, ReplicaConfig config) throws Exception {
    TestReplicaServer server = new TestReplicaServer(objectClass, config);
    server.core.start();
    server.ports.forEach(
        (mode, socket) -> {
          Thread acceptor =
              new Thread(() -> server.acceptLoop(mode, socket), "test-accept-" + mode);
          acceptor.setDaemon(true);
          acceptor.start();
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.onCore(server.replica::isLeader)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the test replica did not lead within 10 s");
      }
      Thread.sleep(TICK_MILLIS);
    }
    return server;
  }

  String address(Mode mode) {
    return "127.0.0.1:" + ports.get(mode).getLocalPort();
  }

  NodeId node(Mode mode) {
    return NodeId.of(address(mode));
  }

  /** Every request received so far, in order of arrival. */
  List<Received> received() {
    return new ArrayList<>(received);
  }

  /** How many times (clientId, seq) arrived, on any port. */
  long timesReceived(long clientId, long seq) {
    return received.stream()
        .filter(r -> r.command().clientId() == clientId && r.command().seq() == seq)
        .count();
  }

  /** Runs {@code query} against the hosted object on the core thread (the roles are not shared). */
  <T> T onObject(java.util.function.Function<Object, T> query) throws Exception {
    return onCore(() -> query.apply(host.instance()));
  }

  private <T> T onCore(Callable<T> task) throws Exception {
    FutureTask<T> future = new FutureTask<>(task);
    inbox.add(future);
    return future.get(10, TimeUnit.SECONDS);
  }

  // ---- the core thread: roles, effects pump, ticks
  // -----------------------------------------------

  private record Envelope(NodeId from, NodeId to, Message message) {}

  private final ArrayDeque<Envelope> network = new ArrayDeque<>();
  private final Effects effects = new Effects();

  private void runCore() {
    long nextTick = System.nanoTime();
    while (!closed) {
      try {
        Runnable task = inbox.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (task != null) {
          task.run();
        }
        if (System.nanoTime() - nextTick >= 0) {
          nextTick += TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
          replica.onTick(effects);
          pump(leaderId);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Moves what {@code self} just emitted along, then delivers until the network is quiet. */
  private void pump(NodeId self) {
    drain(self);
    while (!network.isEmpty()) {
      Envelope envelope = network.poll();
      if (envelope.to().equals(leaderId)) {
        replica.onMessage(envelope.from(), envelope.message(), effects);
      } else if (envelope.to().equals(acceptorId)) {
        acceptor.onMessage(envelope.from(), envelope.message(), effects);
      }
      drain(envelope.to());
    }
  }

  private void drain(NodeId self) {
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Send send) {
        network.add(new Envelope(self, send.target(), send.message()));
      } else if (effect instanceof Effects.Reply reply) {
        ClientLink link = repliesTo.get(reply.reply().clientId());
        if (link != null) {
          link.send(reply.reply());
        }
      } // Persist: durability is not what these tests are about; the write counts as made.
    }
    effects.clear();
  }

  // ---- connections
  // ---------------------------------------------------------------------------------

  /** One client connection; {@code sink} links swallow replies (the FORWARD modes). */
  private record ClientLink(Socket socket, boolean sink) {
    void send(ClientReply reply) {
      if (sink) {
        return;
      }
      try {
        OutputStream out = socket.getOutputStream();
        synchronized (this) {
          out.write(MessageCodec.encode(reply));
          out.flush();
        }
      } catch (IOException e) {
        closeQuietly(socket);
      }
    }
  }

  private void acceptLoop(Mode mode, ServerSocket server) {
    while (!closed) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        Thread reader = new Thread(() -> readLoop(mode, socket), "test-conn-" + mode);
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void readLoop(Mode mode, Socket socket) {
    ClientLink link =
        new ClientLink(socket, mode == Mode.FORWARD_SILENTLY || mode == Mode.FORWARD_THEN_HANG_UP);
    try (socket) {
      InputStream in = socket.getInputStream();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      while (true) {
        int read = in.read(buffer.array(), buffer.position(), buffer.remaining());
        if (read < 0) {
          return;
        }
        buffer.position(buffer.position() + read);
        buffer.flip();
        FrameReader.Result<Message> result;
        while ((result = FrameReader.next(buffer)) instanceof FrameReader.Result.Ready<Message> r) {
          if (r.decoded() instanceof Decoded.Ok<Message> ok
              && ok.value() instanceof ClientRequest request) {
            if (!request.command().call().method().equals(Call.KEEPALIVE_METHOD)) {
              received.add(new Received(mode, request.command())); // calls, not keepalives
            }
            if (!onRequest(mode, link, request)) {
              return; // hang up
            }
          }
        }
        buffer.compact();
      }
    } catch (IOException e) {
      // The client went away, or close() closed the socket.
    }
  }

  /** Handles one request as {@code mode} does; false to hang up. */
  private boolean onRequest(Mode mode, ClientLink link, ClientRequest request) {
    ClientCommand command = request.command();
    switch (mode) {
      case FOLLOWER, CLUELESS_FOLLOWER ->
          link.send(
              new ClientReply(
                  command.clientId(),
                  command.seq(),
                  Outcome.NOT_LEADER,
                  ValueCodec.encode("not the leader"),
                  mode == Mode.FOLLOWER ? leaderId : null));
      case LEADER, FORWARD_SILENTLY, FORWARD_THEN_HANG_UP ->
          inbox.add(
              () -> {
                repliesTo.put(command.clientId(), link);
                replica.onClientRequest(request, effects);
                pump(leaderId);
              });
      case SILENT -> {}
    }
    return mode != Mode.FORWARD_THEN_HANG_UP;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already unusable
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    core.interrupt();
    for (ServerSocket socket : ports.values()) {
      socket.close();
    }
    sockets.forEach(TestReplicaServer::closeQuietly);
  }

  /** A port nothing listens on: bound once, then closed. */
  static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }
}
