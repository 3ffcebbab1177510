package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.access.AccessPolicy;
import org.concoord.core.codec.Decoded;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;

/**
 * A node's TCP transport on java.nio, driven by the node's one thread ({@link #poll}): it owns the
 * selector and dispatches each connection's events and frames to the parts that do the work, one
 * role each: {@link Listener} (accepting, within {@link InboundCaps}), {@link InputReader} (reading
 * and framing within the input budget), {@link OutputQueues} (queues within the output budget,
 * writes), {@link TlsGate} (who the other end is), {@link FrameRouter} (where each frame goes),
 * {@link PeerLinks} (outbound connections to peers) and {@link ClientDoor} (client requests,
 * replies and watches).
 *
 * <p>Inbound connections name themselves with a Hello (peers) or are clients (first frame a
 * ClientRequest). A malformed or oversized frame closes that connection and nothing else; nothing
 * that arrives can make it throw or exhaust the heap ({@link NetLimits}). A message received from a
 * peer is answered on the connection it came on, never on a connection opened to the address it
 * claims.
 *
 * <p>Not thread-safe: only the node thread calls it.
 */
final class Transport implements AutoCloseable {
  /** Receives what arrives. Called on the node thread. */
  interface Handler {
    void onPeerMessage(NodeId from, Message message);

    void onClientRequest(ClientRequest request);

    /** A client opens, resumes or cancels a watch (issue 21). */
    default void onWatchRequest(WatchRequest request) {}

    /** What this node says of itself to an operator's {@code StatusRequest}. */
    StatusReply status();

    /** The principal of the token whose secret hashes to {@code hashHex}, or null. */
    default String principalOfToken(String hashHex) {
      return null;
    }

    /** Whether {@code principal} (a client's) may read status details: admins only. */
    default boolean isAdmin(String principal) {
      return AccessPolicy.ADMIN.equals(principal);
    }
  }

  /** How often idle connections are looked for. */
  static final long SWEEP_EVERY_MILLIS = 1000;

  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  private final NodeId self;
  private final Selector selector;
  private final Handler handler;
  private final TrafficCounters traffic = new TrafficCounters();
  private final QuietLog quiet = new QuietLog(LOG);
  private final TlsGate gate = new TlsGate();
  private final InboundCaps inbound;
  private final Listener listener;

  /** The client port's, when clients are served on a port of their own; else null. */
  private Listener clientListener;

  private final InputReader input;
  private final OutputQueues output;
  private final PeerLinks peers;
  private final ClientDoor clients;
  private final FrameRouter router;

  /** The wall clock read at the start of the current poll. */
  private long pollMillis;

  /** The connection whose message is being handled: answers to its peer go back on it. */
  private Connection origin;

  private long sweptMillis = System.currentTimeMillis();

  Transport(NodeId self, InetSocketAddress bind, Handler handler) throws IOException {
    this(self, bind, handler, NetLimits.current());
  }

  Transport(NodeId self, InetSocketAddress bind, Handler handler, NetLimits limits)
      throws IOException {
    this.self = self;
    this.handler = handler;
    this.inbound = new InboundCaps(limits);
    this.selector = Selector.open();
    try {
      this.listener =
          new Listener(
              bind, Listener.Serves.PEERS_AND_CLIENTS, selector, inbound, gate, traffic, quiet);
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
    Events events = new Events();
    this.output = new OutputQueues(limits, selector, traffic, quiet, events);
    this.input = new InputReader(limits, traffic, quiet, events);
    this.peers =
        new PeerLinks(self, bind.getAddress(), selector, gate, traffic, output, this::close);
    this.clients = new ClientDoor(gate, output, limits, quiet, handler);
    this.router = new FrameRouter(gate, handler, output, clients, events);
  }

  /** What the parts ask of the transport: the connection-wide actions. */
  private final class Events
      implements InputReader.Events, OutputQueues.Events, FrameRouter.Actions {
    @Override
    public void deliver(Connection connection, Decoded<Message> decoded) {
      router.deliver(connection, decoded);
    }

    @Override
    public void onPeerMessage(Connection connection, Message message) {
      Transport.this.onPeerMessage(connection, message);
    }

    @Override
    public void close(Connection connection, String why) {
      Transport.this.close(connection, why);
    }

    @Override
    public void failed(Connection connection, IOException cause) {
      Transport.this.failed(connection, cause);
    }

    @Override
    public boolean checkPeer(Connection connection) {
      return router.checkPeer(connection);
    }

    @Override
    public void flush(Connection connection) {
      output.flush(connection);
    }
  }

  /** Bytes of input buffers held, of output queued, inbound connections, reading pauses. */
  long inputBytesHeld() {
    return input.held();
  }

  long outputBytesHeld() {
    return output.held();
  }

  int inboundConnections() {
    return inbound.size();
  }

  long pauses() {
    return input.pauses();
  }

  /** Connections closed because they did not read what was queued for them. */
  long closedForOutput() {
    return output.closedForOutput();
  }

  /**
   * Makes every connection TLS 1.3 with these credentials (before the node starts): a peer is then
   * whoever the instance CA's certificate names, and nothing else it may claim.
   */
  void useTls(TlsCredentials credentials) {
    gate.use(credentials);
  }

  InetSocketAddress localAddress() throws IOException {
    return listener.localAddress();
  }

  /**
   * Serves clients on {@code bind} (before the node starts), and from then on only peers on the
   * node's own port: each port refuses the other's messages (closing the connection).
   */
  void listenForClients(InetSocketAddress bind) throws IOException {
    if (clientListener != null) {
      throw new IllegalStateException("clients are served on " + clientListener.localAddress());
    }
    clientListener =
        new Listener(bind, Listener.Serves.CLIENTS, selector, inbound, gate, traffic, quiet);
    listener.serve(Listener.Serves.PEERS);
  }

  /** The client port's address, or null when clients are served on the node's one port. */
  InetSocketAddress clientAddress() throws IOException {
    return clientListener == null ? null : clientListener.localAddress();
  }

  /**
   * The connection of the peer message being handled (an opaque route for {@link #send(Object,
   * NodeId, Message)}), or null outside one.
   */
  Object origin() {
    return origin;
  }

  /** Sends to a peer, opening the connection if needed; dropped while the peer is unreachable. */
  void send(NodeId target, Message message) {
    send(origin, target, message);
  }

  /**
   * Sends to a peer. If {@code route} (an {@link #origin()}) is the connection of a message from
   * {@code target}, the message goes back on it, or nowhere if it has closed: an answer never goes
   * to an address a message only claims.
   */
  void send(Object route, NodeId target, Message message) {
    if (target.equals(self)) {
      return; // roles never address themselves; a view naming this node twice must not loop
    }
    Connection connection;
    if (route instanceof Connection back && target.equals(back.peer)) {
      if (!back.channel.isOpen()) {
        return;
      }
      connection = back;
    } else {
      connection = peers.linkTo(target);
      if (connection == null) {
        return;
      }
    }
    output.send(connection, message, target);
  }

  /** Sends a reply on the connection its request came on, if it is still open here. */
  void reply(ClientReply reply) {
    clients.reply(reply);
  }

  /** Sends a watch event on its watch's connection; a slow watcher's values are coalesced. */
  void push(WatchEvent event) {
    clients.push(event);
  }

  /** The watches whose connection closed since the last call; the replica ends them. */
  List<WatchRoutes.Key> takeClosedWatches() {
    return clients.takeClosedWatches();
  }

  /** Watches routed by this node now (for status and metrics). */
  int watchCount() {
    return clients.watchCount();
  }

  /** Writes what the last steps queued. */
  void flushAll() {
    output.flushAll();
  }

  /** Makes a {@link #poll} in progress (or the next one) return at once. Any thread. */
  void wakeup() {
    selector.wakeup();
  }

  /** Waits up to {@code timeoutMillis} for I/O and handles all of it. */
  void poll(long timeoutMillis) throws IOException {
    pollMillis = System.currentTimeMillis();
    peers.closeStuck(pollMillis);
    selector.select(Math.max(1, timeoutMillis));
    pollMillis = System.currentTimeMillis(); // once per poll, not per frame
    housekeeping();
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      if (!key.isValid()) {
        continue;
      }
      if (key.attachment() instanceof Listener server) {
        server.accept(selector);
        continue;
      }
      Connection connection = (Connection) key.attachment();
      try {
        if (key.isConnectable()) {
          connection.channel.finishConnect();
          connection.connected = true;
          traffic.opened();
          peers.connected(connection);
          key.interestOps(connection.interest());
          output.flush(connection);
        }
        if (key.isValid() && key.isReadable()) {
          input.read(connection);
        }
        if (key.isValid() && key.isWritable()) {
          output.flush(connection);
        }
      } catch (IOException e) {
        failed(connection, e);
      }
    }
    output.flushAll();
  }

  /** Closes idle connections, and accepts again after a pause; at most once a second. */
  private void housekeeping() {
    long now = System.currentTimeMillis();
    listener.resumeAfterPause(now);
    if (clientListener != null) {
      clientListener.resumeAfterPause(now);
    }
    if (now - sweptMillis < SWEEP_EVERY_MILLIS) {
      return;
    }
    sweptMillis = now;
    for (Connection idle : inbound.idle(now)) {
      close(idle, "silent for " + (now - idle.heardMillis) / 1000 + " s (concoord.idle.seconds)");
    }
  }

  private void onPeerMessage(Connection connection, Message message) {
    peers.heard(connection.peer, pollMillis);
    origin = connection;
    try {
      handler.onPeerMessage(connection.peer, message);
    } finally {
      origin = null;
    }
  }

  /** An I/O error on {@code connection}: it closes, and an outbound one's peer backs off. */
  private void failed(Connection connection, IOException cause) {
    if (connection.outbound) {
      peers.failed(connection.peer, cause);
    }
    close(connection, cause.getMessage());
  }

  private void close(Connection connection, String why) {
    if (!connection.channel.isOpen() && connection.output.isEmpty() && connection.input == null) {
      return; // closed already
    }
    LOG.log(Level.FINE, "closing " + connection.describe() + ": " + why);
    if (connection.isClient || connection.peer == null) {
      quiet.log(
          Level.INFO, "closed", "closed connection from " + connection.describe() + ": " + why);
    }
    if (connection.connected && connection.channel.isOpen()) {
      traffic.closed();
    }
    Connection.closeQuietly(connection.channel);
    output.closed(connection);
    input.closed(connection);
    inbound.closed(connection);
    clients.closed(connection);
    peers.closed(connection);
  }

  /** Connections and bytes so far, for metrics. */
  public TrafficCounters traffic() {
    return traffic;
  }

  @Override
  public void close() throws IOException {
    peers.close();
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
