package org.concoord.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.client.tls.Identity;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.FrameReader;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;

/**
 * A node's TCP transport on java.nio, driven by the node's one thread ({@link #poll}). Peers get
 * one outbound connection each, opened on first send and reopened with backoff after a failure;
 * messages for a peer that cannot be reached are dropped (the protocol resends what matters).
 * Inbound connections name themselves with a Hello (peers) or are clients (first frame a
 * ClientRequest). A malformed or oversized frame closes that connection and nothing else.
 *
 * <p>Not thread-safe: only the node thread calls it.
 */
final class Transport implements AutoCloseable {
  /** Receives what arrives. Called on the node thread. */
  interface Handler {
    void onPeerMessage(NodeId from, Message message);

    void onClientRequest(ClientRequest request);

    /** What this node says of itself to an operator's {@code StatusRequest}. */
    StatusReply status();
  }

  static final long RECONNECT_BACKOFF_MILLIS_MIN = 50;
  /** Most frames handed to one gathering write. */
  static final int GATHER_MAX = 256;
  static final long RECONNECT_BACKOFF_MILLIS_MAX = 500;
  /**
   * A connection attempt still pending after this long is abandoned and retried: a SYN lost to a
   * partition is otherwise retransmitted by the kernel only after 1, 3, 7, 15 s, so a healed
   * network would stay unused for seconds.
   */
  static final long CONNECT_TIMEOUT_MILLIS = 1000;
  /**
   * An outbound connection to a peer that usually answers, which has carried frames for this long
   * while nothing at all came back from that peer, is closed and reopened: after a partition, TCP
   * retransmits what was in flight with exponential backoff (seconds apart), and a fresh
   * connection gets through as soon as the network is back.
   */
  static final long UNANSWERED_MILLIS_MAX = 1500;
  /**
   * A peer heard from within this long counts as one that answers; one silent for longer (a
   * follower that never answers heartbeats when removal is off, a node long gone) is not reset
   * over and over.
   */
  static final long ANSWERS_WITHIN_MILLIS = 30_000;
  /** Most clients remembered for routing replies; the oldest are forgotten first. */
  static final int CLIENT_ROUTES_MAX = 1 << 16;

  private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  private final NodeId self;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final TrafficCounters traffic = new TrafficCounters();
  private final Map<NodeId, Connection> outbound = new HashMap<>();
  private final Map<NodeId, long[]> backoff = new HashMap<>(); // peer -> {retryAtMillis, waitMillis}
  /** The wall clock read at the start of the current poll. */
  private long pollMillis;
  /** When each peer was last heard from, on any connection. */
  private final Map<NodeId, Long> heardMillis = new HashMap<>();
  private final Map<Long, Connection> clientRoutes =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Connection> eldest) {
          return size() > CLIENT_ROUTES_MAX;
        }
      };
  private final byte[] helloFrame;
  private final java.util.Set<Connection> dirty = new java.util.LinkedHashSet<>();
  private Message lastMessage;
  private byte[] lastFrame;

  private final java.net.InetAddress bindAddress;
  /** Null: plaintext (--insecure). Otherwise every connection is TLS 1.3 with mutual auth. */
  private TlsCredentials tls;

  Transport(NodeId self, InetSocketAddress bind, Handler handler) throws IOException {
    this.self = self;
    this.handler = handler;
    this.selector = Selector.open();
    this.bindAddress = bind.getAddress();
    this.server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    try {
      server.bind(bind, 1024);
    } catch (java.net.BindException e) {
      // "Address already in use" alone does not say which: name the address and port.
      java.net.BindException named = new java.net.BindException(e.getMessage() + ": "
          + bind.getHostString() + ":" + bind.getPort());
      named.initCause(e);
      server.close();
      selector.close();
      throw named;
    }
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.helloFrame = MessageCodec.encode(new Hello(self));
  }

  /**
   * Makes every connection TLS 1.3 with these credentials (before the node starts): a peer is
   * then whoever the instance CA's certificate names, and nothing else it may claim.
   */
  void useTls(TlsCredentials credentials) {
    this.tls = credentials;
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) server.getLocalAddress();
  }

  /** Sends to a peer, opening the connection if needed; dropped while the peer is unreachable. */
  void send(NodeId target, Message message) {
    if (target.equals(self)) {
      return; // roles never address themselves; a view naming this node twice must not loop
    }
    Connection connection = outbound.get(target);
    if (connection == null) {
      connection = connect(target);
      if (connection == null) {
        return;
      }
    }
    // A broadcast sends one message to several peers in a row: encode it once.
    if (message != lastMessage) {
      lastMessage = message;
      lastFrame = MessageCodec.encode(message);
    }
    write(connection, lastFrame);
  }

  /** Sends a reply to the client's connection, if it is still open here. */
  void reply(ClientReply reply) {
    Connection connection = clientRoutes.get(reply.clientId());
    if (connection != null && connection.channel.isOpen()) {
      write(connection, MessageCodec.encode(reply));
    }
  }

  private Connection connect(NodeId target) {
    long now = System.currentTimeMillis();
    long[] wait = backoff.get(target);
    if (wait != null && now < wait[0]) {
      return null;
    }
    try {
      SocketChannel channel = SocketChannel.open();
      InetSocketAddress peer = Addresses.parse(target.address());
      if (!bindAddress.isAnyLocalAddress() && peer.getAddress() != null
          && peer.getAddress().getClass() == bindAddress.getClass()) {
        // Leave from the node's own address, as its peers know it: a firewall rule (or a test's
        // network cut) about a node then covers every connection it makes. (Not across address
        // families: an IPv6 node still reaches IPv4 peers.)
        channel.bind(new InetSocketAddress(bindAddress, 0));
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel, true, target);
      connection.openedMillis = now;
      if (tls != null) {
        connection.tls = new TlsChannel(channel, tls.engine(true));
      }
      boolean done = channel.connect(peer);
      channel.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
      connection.connected = done;
      if (done) {
        traffic.opened();
      }
      outbound.put(target, connection);
      connection.enqueue(helloFrame);
      if (done) {
        flush(connection);
      }
      return connection;
    } catch (IOException | IllegalArgumentException e) {
      failed(target, e);
      return null;
    }
  }

  private void failed(NodeId target, Exception cause) {
    long[] wait = backoff.computeIfAbsent(target, t -> new long[] {0, 0});
    wait[1] = Math.min(RECONNECT_BACKOFF_MILLIS_MAX, Math.max(RECONNECT_BACKOFF_MILLIS_MIN, wait[1] * 2));
    wait[0] = System.currentTimeMillis() + wait[1];
    LOG.log(Level.FINE, "cannot reach " + target + ": " + cause);
  }

  /**
   * Queues a frame; the queue is written by {@link #flushAll} at the end of the node's step, so
   * that the replies and messages of one step leave in as few system calls as possible.
   */
  private void write(Connection connection, byte[] frame) {
    if (connection.outbound && connection.unansweredSinceMillis == 0) {
      connection.unansweredSinceMillis = System.currentTimeMillis();
    }
    if (!connection.enqueue(frame)) {
      close(connection, "output queue over " + Connection.OUTPUT_BYTES_MAX + " bytes");
      return;
    }
    if (connection.connected) {
      dirty.add(connection);
    }
  }

  /** Writes what the last steps queued. */
  void flushAll() {
    for (Connection connection : dirty) {
      if (connection.channel.isOpen()) {
        flush(connection);
      }
    }
    dirty.clear();
  }

  /** Makes a {@link #poll} in progress (or the next one) return at once. Any thread. */
  void wakeup() {
    selector.wakeup();
  }

  /**
   * Closes outbound connections that look stuck, so that the next send opens a fresh one: an
   * attempt pending for longer than {@link #CONNECT_TIMEOUT_MILLIS}, or a connection that has
   * carried frames for {@link #UNANSWERED_MILLIS_MAX} to a peer that answers as a rule, while
   * nothing came back from it. Removal of a member must follow its silence, not the kernel's
   * retransmission backoff after a healed partition.
   */
  private void closeStuck() {
    long now = pollMillis;
    for (Connection connection : List.copyOf(outbound.values())) {
      if (!connection.connected) {
        if (now - connection.openedMillis > CONNECT_TIMEOUT_MILLIS) {
          failed(connection.peer, new IOException("connect timed out"));
          close(connection, "connect timed out");
        }
        continue;
      }
      Long heard = heardMillis.get(connection.peer);
      long since = connection.unansweredSinceMillis;
      if (heard != null && since > 0 && now - since > UNANSWERED_MILLIS_MAX
          && now - heard < ANSWERS_WITHIN_MILLIS) {
        close(connection, "nothing heard back for " + (now - since) + " ms: reconnecting");
      }
    }
  }

  /** Waits up to {@code timeoutMillis} for I/O and handles all of it. */
  void poll(long timeoutMillis) throws IOException {
    pollMillis = System.currentTimeMillis();
    closeStuck();
    selector.select(Math.max(1, timeoutMillis));
    pollMillis = System.currentTimeMillis(); // once per poll, not per frame
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      if (!key.isValid()) {
        continue;
      }
      if (key.isAcceptable()) {
        accept();
        continue;
      }
      Connection connection = (Connection) key.attachment();
      try {
        if (key.isConnectable()) {
          connection.channel.finishConnect();
          connection.connected = true;
          traffic.opened();
          backoff.remove(connection.peer);
          key.interestOps(SelectionKey.OP_READ);
          flush(connection);
        }
        if (key.isValid() && key.isReadable()) {
          read(connection);
        }
        if (key.isValid() && key.isWritable()) {
          flush(connection);
        }
      } catch (IOException e) {
        if (connection.outbound) {
          failed(connection.peer, e);
        }
        close(connection, e.getMessage());
      }
    }
    flushAll();
  }

  private void accept() throws IOException {
    SocketChannel channel = server.accept();
    if (channel == null) {
      return;
    }
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    Connection connection = new Connection(channel, false, null);
    connection.connected = true;
    if (tls != null) {
      try {
        connection.tls = new TlsChannel(channel, tls.engine(false));
      } catch (IOException e) {
        LOG.warning("cannot start TLS on an accepted connection: " + e.getMessage());
        channel.close();
        return;
      }
    }
    traffic.opened();
    channel.register(selector, SelectionKey.OP_READ, connection);
  }

  private void read(Connection connection) throws IOException {
    do {
      if (!readOnce(connection)) {
        return;
      }
    } while (connection.tls != null && connection.tls.hasBufferedInput()
        && connection.channel.isOpen());
    if (connection.tls != null && connection.channel.isOpen() && !connection.output.isEmpty()) {
      flush(connection); // the handshake may just have finished: what waited for it can go
    }
  }

  /** One read into the input buffer and the frames it completes; false if the connection closed. */
  private boolean readOnce(Connection connection) throws IOException {
    int n = connection.tls == null ? connection.channel.read(connection.input)
        : connection.tls.read(connection.input);
    traffic.read(n);
    if (n < 0) {
      close(connection, "closed by the other end");
      return false;
    }
    if (connection.tls != null && !checkPeer(connection)) {
      return false;
    }
    connection.input.flip();
    try {
      while (connection.channel.isOpen()) {
        FrameReader.Result<Message> result = FrameReader.next(connection.input);
        if (result instanceof FrameReader.Result.NeedMore<Message> more) {
          growFor(connection, more.frameBytes());
          break;
        } else if (result instanceof FrameReader.Result.TooLong<Message> tooLong) {
          close(connection, "frame of " + tooLong.length() + " bytes is over the bound");
          return false;
        } else if (result instanceof FrameReader.Result.Ready<Message> ready) {
          deliver(connection, ready.decoded());
        }
      }
    } finally {
      if (connection.channel.isOpen()) {
        connection.input.compact();
      }
    }
    return connection.channel.isOpen();
  }

  /**
   * Once the TLS handshake is done, who the other end is: an outbound connection must reach the
   * node it dialled (its certificate names that address); an inbound one is a node or a client
   * as its certificate says, and {@link #deliver} holds it to that. False if it was closed.
   */
  private boolean checkPeer(Connection connection) {
    if (connection.identity != null || !connection.tls.ready()) {
      return true;
    }
    Identity identity = connection.tls.peerIdentity();
    if (identity == null) {
      close(connection, "its certificate names no ConCoord node or client");
      return false;
    }
    if (connection.outbound
        && (!identity.node() || !identity.name().equals(connection.peer.address()))) {
      close(connection, "dialled " + connection.peer + " but reached " + identity);
      return false;
    }
    connection.identity = identity;
    return true;
  }

  /** Makes room for a frame of {@code frameBytes} (bounded by the codec's frame limit). */
  private static void growFor(Connection connection, int frameBytes) {
    if (frameBytes > connection.input.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocate(frameBytes);
      bigger.put(connection.input);
      bigger.flip();
      connection.input = bigger;
    }
  }

  private void deliver(Connection connection, Decoded<Message> decoded) {
    if (decoded instanceof Decoded.Error<Message> error) {
      close(connection, "malformed frame: " + error.reason());
      return;
    }
    Message message = ((Decoded.Ok<Message>) decoded).value();
    if (message instanceof Hello hello) {
      if (tls != null && !mayClaim(connection, hello.node())) {
        close(connection, "Hello claims " + hello.node() + " but the certificate is of "
            + connection.identity);
        return;
      }
      connection.peer = hello.node();
    } else if (message instanceof StatusRequest) {
      write(connection, MessageCodec.encode(handler.status()));
    } else if (message instanceof ClientRequest request) {
      connection.isClient = true;
      clientRoutes.put(request.command().clientId(), connection);
      handler.onClientRequest(request);
    } else if (connection.peer != null) {
      heard(connection.peer);
      handler.onPeerMessage(connection.peer, message);
    } else {
      close(connection, "a peer message before Hello");
    }
  }

  /**
   * A frame came from {@code peer}: the way back to it works again, so an outbound connection to
   * it that is still trying to connect, or has carried frames unanswered for long (stuck in
   * retransmissions since a cut), is replaced now, without waiting for the backoff.
   */
  private void heard(NodeId peer) {
    long now = pollMillis;
    if (heardMillis.size() >= CLIENT_ROUTES_MAX && !heardMillis.containsKey(peer)) {
      heardMillis.clear(); // bounded: forgetting only delays the next stuck-connection check
    }
    heardMillis.put(peer, now);
    backoff.remove(peer);
    Connection connection = outbound.get(peer);
    if (connection == null) {
      return;
    }
    long since = connection.unansweredSinceMillis;
    connection.unansweredSinceMillis = 0;
    boolean stuck = !connection.connected
        ? now - connection.openedMillis > CONNECT_TIMEOUT_MILLIS / 4
        : since > 0 && now - since > UNANSWERED_MILLIS_MAX;
    if (stuck) {
      close(connection, "the peer is heard again: reconnecting at once");
    }
  }

  /** Over TLS, a Hello may name only the node the connection's certificate names. */
  private static boolean mayClaim(Connection connection, NodeId node) {
    Identity identity = connection.identity;
    return !connection.outbound && identity != null && identity.node()
        && identity.name().equals(node.address())
        && (connection.peer == null || connection.peer.equals(node));
  }

  private void flush(Connection connection) {
    try {
      if (connection.tls != null) {
        connection.tls.write(NO_BUFFERS); // handshake bytes and wrapped records waiting
        checkPeer(connection);
      }
      while (!connection.output.isEmpty()) {
        // Gathering write: many small frames (replies, accepts) in one system call.
        ByteBuffer[] batch = connection.output.stream().limit(GATHER_MAX).toArray(ByteBuffer[]::new);
        if (connection.tls == null) {
          connection.channel.write(batch);
        } else {
          connection.tls.write(batch);
          checkPeer(connection);
        }
        boolean blocked = false;
        for (ByteBuffer buffer : batch) {
          if (buffer.hasRemaining()) {
            blocked = true;
            break;
          }
          connection.outputBytes -= buffer.limit();
          traffic.written(buffer.limit());
          connection.output.poll();
        }
        if (blocked) {
          break;
        }
      }
      SelectionKey key = connection.channel.keyFor(selector);
      if (key != null && key.isValid()) {
        key.interestOps(SelectionKey.OP_READ | (wantsWrite(connection) ? SelectionKey.OP_WRITE : 0));
      }
    } catch (IOException e) {
      if (connection.outbound) {
        failed(connection.peer, e);
      }
      close(connection, e.getMessage());
    }
  }

  /** Plaintext: frames wait. TLS: wrapped bytes wait, or frames wait and the handshake is done. */
  private static boolean wantsWrite(Connection connection) {
    if (connection.tls == null) {
      return !connection.output.isEmpty();
    }
    return connection.tls.wantsWrite()
        || (connection.tls.ready() && !connection.output.isEmpty());
  }

  private void close(Connection connection, String why) {
    LOG.log(Level.FINE, "closing " + connection.describe() + ": " + why);
    if (connection.isClient || connection.peer == null) {
      LOG.info("closed connection from " + connection.describe() + ": " + why);
    }
    if (connection.connected && connection.channel.isOpen()) {
      traffic.closed();
    }
    try {
      connection.channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    if (connection.outbound && outbound.get(connection.peer) == connection) {
      outbound.remove(connection.peer);
    }
  }

  /** Connections and bytes so far, for metrics. */
  public TrafficCounters traffic() {
    return traffic;
  }

  @Override
  public void close() throws IOException {
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
