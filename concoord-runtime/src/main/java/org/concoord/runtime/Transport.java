package org.concoord.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.client.tls.Identity;
import org.concoord.core.access.AccessPolicy;
import org.concoord.core.command.ClientCommand;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.FrameReader;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;

/**
 * A node's TCP transport on java.nio, driven by the node's one thread ({@link #poll}). Peers get
 * one outbound connection each, opened on first send and reopened with backoff after a failure;
 * messages for a peer that cannot be reached are dropped (the protocol resends what matters).
 * Inbound connections name themselves with a Hello (peers) or are clients (first frame a
 * ClientRequest). A malformed or oversized frame closes that connection and nothing else.
 *
 * <p>Nothing that arrives can make it throw or exhaust the heap ({@link NetLimits}): inbound
 * connections are capped in all and per address and closed when idle; input buffers grow only as
 * bytes arrive, within one budget for all connections (reading pauses when it is spent), and
 * shrink after; output queues share one budget; a message that cannot be encoded is dropped and
 * logged. A message received from a peer is answered on the connection it came on, never on a
 * connection opened to the address it claims. Peer names are resolved off this thread ({@link
 * PeerResolver}).
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

    /** Whether {@code principal} (a client's) may read status details: admins only. */
    default boolean isAdmin(String principal) {
      return AccessPolicy.ADMIN.equals(principal);
    }
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

  /** How often idle connections are looked for. */
  static final long SWEEP_EVERY_MILLIS = 1000;
  /** After accept() fails (out of file descriptors), how long accepting pauses. */
  static final long ACCEPT_PAUSE_MILLIS = 100;

  private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  private final NodeId self;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final TrafficCounters traffic = new TrafficCounters();
  private final Map<NodeId, Connection> outbound = new HashMap<>();
  // peer -> {retryAtMillis, waitMillis}; bounded, as the names come from the network
  private final Map<NodeId, long[]> backoff =
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, long[]> eldest) {
          return size() > CLIENT_ROUTES_MAX;
        }
      };
  /** The wall clock read at the start of the current poll. */
  private long pollMillis;
  /** When each peer was last heard from, on any connection. */
  private final Map<NodeId, Long> heardMillis = new HashMap<>();
  /**
   * client id -> the principal that first sent it here: a connection of another principal never
   * takes over its route, so it cannot receive the owner's replies (review F4). Bounded like the
   * routes; the replicated session owner is the authority, this only guards the way back.
   */
  private final Map<Long, String> clientOwners =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
          return size() > CLIENT_ROUTES_MAX;
        }
      };
  private final RequestRoutes requestRoutes = new RequestRoutes();
  private final WatchRoutes watchRoutes = new WatchRoutes();
  /** Watches whose connection closed, for the node to end ({@link #takeClosedWatches}). */
  private final List<WatchRoutes.Key> watchesClosed = new ArrayList<>();
  private final byte[] helloFrame;
  private final java.util.Set<Connection> dirty = new java.util.LinkedHashSet<>();
  private Message lastMessage;
  private byte[] lastFrame;
  private final QueuedFrames queuedFrames = new QueuedFrames();

  private final java.net.InetAddress bindAddress;
  private final NetLimits limits;
  private final ByteBudget inputBudget;
  private final ByteBudget outputBudget;
  private final InboundCaps inbound;
  private final java.util.Set<Connection> paused = new java.util.LinkedHashSet<>();
  private final PeerResolver resolver;
  private final QuietLog quiet = new QuietLog(LOG);
  /**
   * The one connection allowed to finish its frame beyond the input budget: when every connection
   * holding part of a frame waits for budget, none would ever finish; this one always can (so
   * input buffers hold at most the budget plus one frame).
   */
  private Connection finishing;
  /** The connection whose message is being handled: answers to its peer go back on it. */
  private Connection origin;
  private long sweptMillis = System.currentTimeMillis();
  private long acceptPausedUntil;
  private long pauses;
  private long closedForOutput;
  /** Null: plaintext (--insecure). Otherwise every connection is TLS 1.3 with mutual auth. */
  private TlsCredentials tls;

  Transport(NodeId self, InetSocketAddress bind, Handler handler) throws IOException {
    this(self, bind, handler, NetLimits.current());
  }

  Transport(NodeId self, InetSocketAddress bind, Handler handler, NetLimits limits)
      throws IOException {
    this.self = self;
    this.handler = handler;
    this.limits = limits;
    this.inputBudget = new ByteBudget(limits.inputBytesMax());
    this.outputBudget = new ByteBudget(limits.outputBytesMax());
    this.inbound = new InboundCaps(limits);
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
    this.resolver = new PeerResolver(self.address(), this::wakeup);
  }

  /** Bytes of input buffers held, of output queued, inbound connections, reading pauses. */
  long inputBytesHeld() {
    return inputBudget.used();
  }

  long outputBytesHeld() {
    return outputBudget.used();
  }

  int inboundConnections() {
    return inbound.size();
  }

  long pauses() {
    return pauses;
  }

  /** Connections closed because they did not read what was queued for them. */
  long closedForOutput() {
    return closedForOutput;
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
   * {@code target}, the message goes back on it, or nowhere if it has closed: an answer never
   * goes to an address a message only claims.
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
      connection = outbound.get(target);
      if (connection == null) {
        connection = connect(target);
        if (connection == null) {
          return;
        }
      }
    }
    byte[] frame = frameOf(message, target, connection);
    if (frame == null) {
      return;
    }
    if (frame.length >= ByteBudget.SHARED_BYTES_MIN && connection.holds(frame)) {
      return; // a resend of a message still queued here: the first copy is on its way
    }
    if (write(connection, frame)) {
      queuedFrames.queued(message, frame);
    }
  }

  /**
   * The frame of {@code message}, encoded once: a broadcast sends one message to several peers in
   * a row, and a large message is resent as the same object while queues still hold its frame.
   * Null (logged) if it cannot be encoded.
   */
  private byte[] frameOf(Message message, NodeId target, Connection connection) {
    byte[] queued = queuedFrames.frameOf(message);
    if (queued != null) {
      return queued;
    }
    if (message != lastMessage || lastFrame == null) {
      lastMessage = message;
      lastFrame = null; // the old frame is not kept alive while the new one is encoded
      lastFrame = hasRoomFor(message, target, connection) ? encode(message, target) : null;
    }
    return lastFrame;
  }

  /**
   * Whether the output budget can take a large message's frame, counted before it is allocated:
   * a frame the budget would drop is never made (at a leader re-proposing several large slots at
   * once, those frames alone were more than the heap could hold). Small frames are not counted.
   */
  private boolean hasRoomFor(Message message, NodeId target, Connection connection) {
    int size;
    try {
      size = MessageCodec.encodedSize(message);
    } catch (RuntimeException e) {
      return true; // encode() says why it cannot be encoded
    }
    if (size < ByteBudget.SHARED_BYTES_MIN || outputBudget.used() + size <= outputBudget.max()) {
      return true;
    }
    Connection hog = largestQueue();
    if (hog != null && hog != connection && hog.outputBytes >= size) {
      closedForOutput++;
      close(hog, hog.outputBytes + " bytes queued while the output budget of "
          + outputBudget.max() + " bytes is spent: the other end reads too slowly");
    }
    if (outputBudget.used() + size <= outputBudget.max()) {
      return true;
    }
    quiet.log(Level.WARNING, "output-budget", "dropped a " + message.getClass().getSimpleName()
        + " of " + size + " bytes for " + target + " before encoding it: the output budget of "
        + outputBudget.max() + " bytes is spent (the protocol resends)");
    return false;
  }

  /** The frame of {@code message}, or null (logged) if it cannot be encoded. */
  private byte[] encode(Message message, NodeId target) {
    try {
      return MessageCodec.encode(message);
    } catch (RuntimeException e) {
      quiet.log(Level.WARNING, "encode", "dropped a " + message.getClass().getSimpleName()
          + " for " + target + " that cannot be encoded: " + e.getMessage());
      return null;
    }
  }

  /** Sends a reply on the connection its request came on, if it is still open here. */
  void reply(ClientReply reply) {
    Connection connection = requestRoutes.routeOf(reply.clientId(), reply.seq(), reply.outcome());
    if (connection != null && connection.channel.isOpen()) {
      byte[] frame;
      try {
        frame = MessageCodec.encode(reply);
      } catch (RuntimeException e) {
        // The replica caps payloads before this; should one still not fit, say so to the client.
        quiet.log(Level.WARNING, "encode", "a reply to client " + reply.clientId()
            + " cannot be encoded: " + e.getMessage());
        frame = MessageCodec.encode(new ClientReply(reply.clientId(), reply.seq(),
            Outcome.EXCEPTION, ReplyLimit.tooLarge(reply.payload().length), null));
      }
      write(connection, frame);
    }
  }

  private Connection connect(NodeId target) {
    long now = System.currentTimeMillis();
    long[] wait = backoff.get(target);
    if (wait != null && now < wait[0]) {
      return null;
    }
    SocketChannel channel = null;
    try {
      InetSocketAddress peer = resolver.resolve(target);
      if (peer == null) {
        return null; // being looked up: this message is dropped, the next one may go
      }
      channel = SocketChannel.open();
      if (!bindAddress.isAnyLocalAddress() && peer.getAddress() != null
          && peer.getAddress().getClass() == bindAddress.getClass()) {
        // Leave from the node's own address, as its peers know it: a firewall rule (or a test's
        // network cut) about a node then covers every connection it makes. (Not across address
        // families: an IPv6 node still reaches IPv4 peers.)
        channel.bind(new InetSocketAddress(bindAddress, 0));
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel, true, target, null);
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
      // The first write may have failed and closed it: nothing must be queued on a closed
      // connection, whose queue no one would ever give back to the output budget.
      return connection.channel.isOpen() ? connection : null;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
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
  private boolean write(Connection connection, byte[] frame) {
    if (!connection.channel.isOpen()) {
      return false; // its queue would never be written nor given back to the budget
    }
    if (connection.outbound && connection.unansweredSinceMillis == 0) {
      connection.unansweredSinceMillis = System.currentTimeMillis();
    }
    if (connection.outputBytes + frame.length > limits.outputBytesPerConnectionMax()) {
      closedForOutput++;
      close(connection, "output queue over " + limits.outputBytesPerConnectionMax()
          + " bytes: the other end does not read");
      return false;
    }
    if (!outputBudget.takeFrame(frame)) {
      Connection hog = largestQueue();
      if (hog != null && hog != connection && hog.outputBytes >= frame.length) {
        closedForOutput++;
        close(hog, hog.outputBytes + " bytes queued while the output budget of "
            + outputBudget.max() + " bytes is spent: the other end reads too slowly");
      }
      if (!outputBudget.takeFrame(frame)) {
        quiet.log(Level.WARNING, "output-budget", "dropped a frame of " + frame.length
            + " bytes for " + connection.describe() + ": the output budget of "
            + outputBudget.max() + " bytes is spent");
        return false;
      }
    }
    connection.enqueue(frame);
    if (connection.connected) {
      dirty.add(connection);
    }
    return true;
  }

  private Connection largestQueue() {
    Connection largest = null;
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection c
          && (largest == null || c.outputBytes > largest.outputBytes)) {
        largest = c;
      }
    }
    return largest;
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
      if (heard != null && connection.unansweredTooLong(now, UNANSWERED_MILLIS_MAX)
          && now - heard < ANSWERS_WITHIN_MILLIS) {
        close(connection, "nothing heard back for "
            + (now - connection.unansweredSinceMillis) + " ms, " + connection.unansweredBytes
            + " bytes written since: reconnecting");
      }
    }
  }

  /** Waits up to {@code timeoutMillis} for I/O and handles all of it. */
  void poll(long timeoutMillis) throws IOException {
    pollMillis = System.currentTimeMillis();
    closeStuck();
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
          key.interestOps(interest(connection));
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

  /** Closes idle connections, and accepts again after a pause; at most once a second. */
  private void housekeeping() {
    long now = System.currentTimeMillis();
    if (acceptPausedUntil != 0 && now >= acceptPausedUntil) {
      acceptPausedUntil = 0;
      SelectionKey key = server.keyFor(selector);
      if (key != null && key.isValid()) {
        key.interestOps(SelectionKey.OP_ACCEPT);
      }
    }
    if (now - sweptMillis < SWEEP_EVERY_MILLIS) {
      return;
    }
    sweptMillis = now;
    for (Connection idle : inbound.idle(now)) {
      close(idle, "silent for " + (now - idle.heardMillis) / 1000 + " s (concoord.idle.seconds)");
    }
  }

  private void accept() {
    SocketChannel channel = null;
    try {
      channel = server.accept();
      if (channel == null) {
        return;
      }
      InetAddress remote = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
      String refusal = inbound.refusal(remote);
      if (refusal != null) {
        quiet.log(Level.WARNING, "refused", "refused a connection from " + remote + ": " + refusal);
        closeQuietly(channel);
        return;
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel, false, null, remote);
      connection.connected = true;
      if (tls != null) {
        connection.tls = new TlsChannel(channel, tls.engine(false));
      }
      traffic.opened();
      channel.register(selector, SelectionKey.OP_READ, connection);
      inbound.opened(connection);
    } catch (IOException e) {
      // Out of file descriptors, or the client gave up already: the node goes on; accepting
      // pauses briefly so that a full descriptor table does not spin this thread.
      if (channel != null) {
        closeQuietly(channel);
      } else {
        SelectionKey key = server.keyFor(selector);
        if (key != null && key.isValid()) {
          key.interestOps(0);
          acceptPausedUntil = System.currentTimeMillis() + ACCEPT_PAUSE_MILLIS;
        }
      }
      quiet.log(Level.WARNING, "accept", "cannot accept a connection: " + e);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
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

  /**
   * One read into the input buffer and the frames it completes; false if the connection closed
   * or waits for input budget.
   */
  private boolean readOnce(Connection connection) throws IOException {
    if (connection.input == null) {
      if (!inputBudget.take(Connection.INPUT_INITIAL)) {
        pause(connection);
        return false;
      }
      connection.input = ByteBuffer.allocate(Connection.INPUT_INITIAL);
    }
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
    boolean filled = !connection.input.hasRemaining();
    if (n > 0) {
      connection.heardMillis = System.currentTimeMillis();
    }
    connection.input.flip();
    try {
      while (connection.channel.isOpen()) {
        FrameReader.Result<Message> result = FrameReader.next(connection.input);
        if (result instanceof FrameReader.Result.NeedMore<Message> more) {
          if (!growFor(connection, more.frameBytes())) {
            pause(connection);
          }
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
        if (filled && connection.input.capacity() < Connection.INPUT_BUSY_MAX) {
          busier(connection);
        } else {
          shrink(connection);
        }
      }
    }
    return connection.channel.isOpen() && !connection.paused;
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

  /** A read filled the buffer: more is waiting, so read more at a time (up to 64 KiB). */
  private void busier(Connection connection) {
    ByteBuffer input = connection.input;
    int size = Math.min(Connection.INPUT_BUSY_MAX, 2 * input.capacity());
    if (size <= input.capacity() || !inputBudget.take(size - input.capacity())) {
      return;
    }
    ByteBuffer bigger = ByteBuffer.allocate(size);
    input.flip();
    bigger.put(input);
    connection.input = bigger;
  }

  /**
   * Makes more room for a frame of {@code frameBytes} (bounded by the codec's frame limit) once
   * the buffer is full: twice the room, or the frame's size if less. So a buffer grows only as
   * bytes arrive, whatever the length prefix announces. False if the input budget is spent.
   */
  private boolean growFor(Connection connection, int frameBytes) {
    ByteBuffer input = connection.input;
    if (frameBytes <= input.capacity() || input.remaining() < input.capacity()) {
      return true; // room left to read into
    }
    int size = (int) Math.min(frameBytes, 2L * input.capacity());
    if (!inputBudget.take(size - input.capacity())) {
      if (finishing != null && finishing != connection && finishing.channel.isOpen()) {
        return false; // another finishes its frame first; this one waits (backpressure)
      }
      finishing = connection;
      inputBudget.force(size - input.capacity());
    }
    ByteBuffer bigger = ByteBuffer.allocate(size);
    bigger.put(input);
    bigger.flip();
    connection.input = bigger;
    return true;
  }

  /** Back to a small buffer once a large frame is read (the buffer is in write mode here). */
  private void shrink(Connection connection) {
    ByteBuffer input = connection.input;
    if (input.capacity() <= Connection.INPUT_BUSY_MAX
        || input.position() > Connection.INPUT_INITIAL / 2) {
      return; // a busy connection keeps up to 64 KiB; a large frame's buffer is given back
    }
    ByteBuffer small = ByteBuffer.allocate(Connection.INPUT_INITIAL);
    input.flip();
    small.put(input);
    connection.input = small;
    inputBudget.give(input.capacity() - Connection.INPUT_INITIAL);
    if (finishing == connection) {
      finishing = null;
    }
    resumePaused();
  }

  /** Stops reading a connection until the input budget has room again (backpressure). */
  private void pause(Connection connection) {
    if (!connection.paused) {
      connection.paused = true;
      pauses++;
      paused.add(connection);
      quiet.log(Level.INFO, "input-budget", "reading paused: the input budget of "
          + inputBudget.max() + " bytes is spent");
      setInterest(connection);
    }
  }

  private void resumePaused() {
    for (Connection connection : paused) {
      connection.paused = false;
      setInterest(connection);
    }
    paused.clear();
  }

  private static int interest(Connection connection) {
    return (connection.paused ? 0 : SelectionKey.OP_READ)
        | (wantsWrite(connection) ? SelectionKey.OP_WRITE : 0);
  }

  private void setInterest(Connection connection) {
    SelectionKey key = connection.channel.keyFor(selector);
    if (key != null && key.isValid() && connection.connected) {
      key.interestOps(interest(connection));
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
      Identity identity = connection.identity;
      if (tls != null && (identity == null
          || !identity.node() && !handler.isAdmin(principal(connection)))) {
        close(connection, "status details are for admin principals, not " + identity);
        return;
      }
      write(connection, MessageCodec.encode(handler.status()));
    } else if (message instanceof ClientRequest request) {
      connection.isClient = true;
      onClientRequest(connection, request);
    } else if (message instanceof WatchRequest request) {
      connection.isClient = true;
      onWatchRequest(connection, request);
    } else if (connection.peer != null) {
      heard(connection.peer);
      origin = connection;
      try {
        handler.onPeerMessage(connection.peer, message);
      } finally {
        origin = null;
      }
    } else {
      close(connection, "a peer message before Hello");
    }
  }

  /**
   * A client's request, as sent by the principal its connection's certificate names (whatever a
   * client wrote in it), or, on a node certificate's connection, by the principal the node names
   * in it (a node relays its HTTP callers' requests; a node is trusted as for every peer message):
   * refused here if its client id is another principal's, else routed and handed on.
   */
  private void onClientRequest(Connection connection, ClientRequest request) {
    String claimed = request.command().principal();
    boolean relayed = tls != null && connection.identity != null && connection.identity.node()
        && !claimed.isEmpty();
    String principal = relayed ? claimed : principal(connection);
    ClientCommand command = request.command().withPrincipal(principal);
    long clientId = command.clientId();
    String owner = clientOwners.putIfAbsent(clientId, principal);
    if (owner != null && !owner.equals(principal)) {
      quiet.log(Level.WARNING, "wrong-principal", "principal '" + principal + "' sent a request"
          + " with the client id of principal '" + owner + "': refused");
      write(connection, MessageCodec.encode(new ClientReply(clientId, command.seq(),
          Outcome.REJECTED, Refusal.encode(Reason.WRONG_PRINCIPAL, "this client id's session"
          + " belongs to another principal; start a new session"), null)));
      return;
    }
    requestRoutes.arrived(clientId, command.seq(), connection);
    handler.onClientRequest(command == request.command() ? request : new ClientRequest(command));
  }

  /**
   * A client's watch request: its principal set as for a call, refused if its client id is
   * another principal's or the connection holds too many watches, else routed and handed on.
   */
  private void onWatchRequest(Connection connection, WatchRequest request) {
    String claimed = request.command().principal();
    boolean relayed = tls != null && connection.identity != null && connection.identity.node()
        && !claimed.isEmpty();
    WatchRequest stamped = request.withPrincipal(relayed ? claimed : principal(connection));
    String principal = stamped.command().principal();
    WatchRoutes.Key key = new WatchRoutes.Key(request.clientId(), request.watchId());
    String owner = clientOwners.putIfAbsent(key.clientId(), principal);
    Refusal refusal = owner != null && !owner.equals(principal)
        ? new Refusal(Reason.WRONG_PRINCIPAL,
            "this client id belongs to another principal; use a client id of your own")
        : watchRoutes.open(key, connection);
    if (refusal != null) {
      write(connection, MessageCodec.encode(new WatchEvent(key.clientId(), key.watchId(), 0,
          WatchEvent.Kind.ENDED, refusal.encode())));
      return;
    }
    handler.onWatchRequest(stamped);
  }

  /** Sends a watch event on its watch's connection; a slow watcher's values are coalesced. */
  void push(WatchEvent event) {
    WatchRoutes.Key key = WatchRoutes.Key.of(event);
    Connection connection = watchRoutes.routeOf(key);
    if (event.kind() == WatchEvent.Kind.ENDED) {
      watchRoutes.ended(key);
    }
    if (connection == null || !connection.channel.isOpen()) {
      return;
    }
    byte[] frame;
    try {
      frame = MessageCodec.encode(event);
    } catch (RuntimeException e) {
      quiet.log(Level.WARNING, "encode", "a watch event for client " + event.clientId()
          + " cannot be encoded: " + e.getMessage());
      return;
    }
    if (!WatchRoutes.mustWait(connection, event)) {
      write(connection, frame);
    } else if (WatchRoutes.hold(connection, event, frame)
        > limits.outputBytesPerConnectionMax()) {
      closedForOutput++;
      close(connection, "coalesced watch values over " + limits.outputBytesPerConnectionMax()
          + " bytes: the watcher does not read");
    }
  }

  /** The watches whose connection closed since the last call; the replica ends them. */
  List<WatchRoutes.Key> takeClosedWatches() {
    if (watchesClosed.isEmpty()) {
      return List.of();
    }
    List<WatchRoutes.Key> closed = List.copyOf(watchesClosed);
    watchesClosed.clear();
    return closed;
  }

  /** Watches routed by this node now (for status and metrics). */
  int watchCount() {
    return watchRoutes.size();
  }

  /** The principal of a client connection: its certificate's name; empty in plaintext. */
  private String principal(Connection connection) {
    Identity identity = connection.identity;
    if (tls == null || identity == null) {
      return AccessPolicy.ANONYMOUS;
    }
    return identity.node() ? AccessPolicy.NODE_PREFIX + identity.name() : identity.name();
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
    boolean stuck = !connection.connected
        ? now - connection.openedMillis > CONNECT_TIMEOUT_MILLIS / 4
        : connection.unansweredTooLong(now, UNANSWERED_MILLIS_MAX);
    connection.answered();
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
    for (byte[] frame : WatchRoutes.release(connection)) {
      if (!write(connection, frame)) {
        return; // closed for its output, or the budget is spent: the client resumes
      }
    }
    try {
      if (connection.tls != null) {
        connection.tls.write(NO_BUFFERS); // handshake bytes and wrapped records waiting
        checkPeer(connection);
      }
      while (!connection.output.isEmpty()) {
        // Gathering write: many small frames (replies, accepts) in one system call.
        ByteBuffer[] batch = connection.output.stream().limit(GATHER_MAX).toArray(ByteBuffer[]::new);
        long remaining = remaining(batch);
        if (connection.tls == null) {
          connection.channel.write(batch);
        } else {
          connection.tls.write(batch);
          checkPeer(connection);
        }
        connection.wrote(remaining - remaining(batch));
        boolean blocked = false;
        for (ByteBuffer buffer : batch) {
          if (buffer.hasRemaining()) {
            blocked = true;
            break;
          }
          connection.outputBytes -= buffer.limit();
          traffic.written(buffer.limit());
          connection.output.poll();
          giveBack(buffer.array());
        }
        if (blocked) {
          break;
        }
      }
      if (connection.output.isEmpty() && !connection.pendingWatch.isEmpty()) {
        flush(connection); // the coalesced values of a watcher that caught up
        return;
      }
      setInterest(connection);
    } catch (IOException e) {
      if (connection.outbound) {
        failed(connection.peer, e);
      }
      close(connection, e.getMessage());
    }
  }

  private static long remaining(ByteBuffer[] buffers) {
    long bytes = 0;
    for (ByteBuffer buffer : buffers) {
      bytes += buffer.remaining();
    }
    return bytes;
  }

  /** A queue no longer holds {@code frame}: its bytes go back to the output budget. */
  private void giveBack(byte[] frame) {
    if (outputBudget.giveFrame(frame)) {
      queuedFrames.released(frame);
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
    if (!connection.channel.isOpen() && connection.output.isEmpty() && connection.input == null) {
      return; // closed already
    }
    LOG.log(Level.FINE, "closing " + connection.describe() + ": " + why);
    if (connection.isClient || connection.peer == null) {
      quiet.log(Level.INFO, "closed", "closed connection from " + connection.describe() + ": "
          + why);
    }
    if (connection.connected && connection.channel.isOpen()) {
      traffic.closed();
    }
    closeQuietly(connection.channel);
    for (ByteBuffer frame : connection.output) {
      giveBack(frame.array());
    }
    connection.output.clear();
    connection.outputBytes = 0;
    if (connection.input != null) {
      inputBudget.give(connection.input.capacity());
      connection.input = null;
      if (finishing == connection) {
        finishing = null;
      }
      resumePaused();
    }
    paused.remove(connection);
    inbound.closed(connection);
    watchesClosed.addAll(watchRoutes.closed(connection));
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
    resolver.close();
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
