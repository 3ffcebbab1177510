package org.concoord.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.Hello;

/**
 * A node's outbound connections to its peers, one each: opened on first send (starting with a
 * {@code Hello}), reopened with backoff after a failure, and replaced when they look stuck (an
 * attempt pending too long, or frames unanswered too long by a peer that answers as a rule). Peer
 * names are resolved off the node thread ({@link PeerResolver}); a message for a peer that cannot
 * be reached now is dropped (the protocol resends what matters).
 *
 * <p>Not thread-safe: the node thread's.
 */
final class PeerLinks {
  static final long RECONNECT_BACKOFF_MILLIS_MIN = 50;
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
   * retransmits what was in flight with exponential backoff (seconds apart), and a fresh connection
   * gets through as soon as the network is back.
   */
  static final long UNANSWERED_MILLIS_MAX = 1500;

  /**
   * A peer heard from within this long counts as one that answers; one silent for longer (a
   * follower that never answers heartbeats when removal is off, a node long gone) is not reset over
   * and over.
   */
  static final long ANSWERS_WITHIN_MILLIS = 30_000;

  /** Most peers remembered (backoff, last heard): the names come from the network. */
  static final int PEERS_REMEMBERED_MAX = 1 << 16;

  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  /** What the transport does for the peer links. */
  interface Events {
    void close(Connection connection, String why);
  }

  private final Selector selector;
  private final InetAddress bindAddress;
  private final TlsGate gate;
  private final TrafficCounters traffic;
  private final OutputQueues output;
  private final Events events;
  private final PeerResolver resolver;
  private final byte[] helloFrame;
  private final Map<NodeId, Connection> outbound = new HashMap<>();
  // peer -> {retryAtMillis, waitMillis}; bounded, as the names come from the network
  private final Map<NodeId, long[]> backoff =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, long[]> eldest) {
          return size() > PEERS_REMEMBERED_MAX;
        }
      };

  /** When each peer was last heard from, on any connection. */
  private final Map<NodeId, Long> heardMillis = new HashMap<>();

  PeerLinks(
      NodeId self,
      InetAddress bindAddress,
      Selector selector,
      TlsGate gate,
      TrafficCounters traffic,
      OutputQueues output,
      Events events) {
    this.selector = selector;
    this.bindAddress = bindAddress;
    this.gate = gate;
    this.traffic = traffic;
    this.output = output;
    this.events = events;
    this.helloFrame = MessageCodec.encode(new Hello(self));
    this.resolver = new PeerResolver(self.address(), selector::wakeup);
  }

  /** The outbound connection to {@code target}, opened if needed; null while unreachable. */
  Connection linkTo(NodeId target) {
    Connection connection = outbound.get(target);
    return connection != null ? connection : connect(target);
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
      channel = open(peer);
      Connection connection = new Connection(channel, true, target, null);
      connection.openedMillis = now;
      gate.attach(connection, true);
      boolean done = channel.connect(peer);
      connection.key =
          channel.register(
              selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
      connection.connected = done;
      if (done) {
        traffic.opened();
      }
      outbound.put(target, connection);
      connection.enqueue(helloFrame);
      if (done) {
        output.flush(connection);
      }
      // The first write may have failed and closed it: nothing must be queued on a closed
      // connection, whose queue no one would ever give back to the output budget.
      return connection.channel.isOpen() ? connection : null;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        Connection.closeQuietly(channel);
      }
      failed(target, e);
      return null;
    }
  }

  private SocketChannel open(InetSocketAddress peer) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      if (!bindAddress.isAnyLocalAddress()
          && peer.getAddress() != null
          && peer.getAddress().getClass() == bindAddress.getClass()) {
        // Leave from the node's own address, as its peers know it: a firewall rule (or a test's
        // network cut) about a node then covers every connection it makes. (Not across address
        // families: an IPv6 node still reaches IPv4 peers.)
        channel.bind(new InetSocketAddress(bindAddress, 0));
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      return channel;
    } catch (IOException | RuntimeException e) {
      Connection.closeQuietly(channel);
      throw e;
    }
  }

  /** The attempt to connect to {@code connection}'s peer has succeeded. */
  void connected(Connection connection) {
    backoff.remove(connection.peer);
  }

  /** {@code target} could not be reached: the next attempt waits (50 ms doubling to 0.5 s). */
  void failed(NodeId target, Exception cause) {
    long[] wait = backoff.computeIfAbsent(target, t -> new long[] {0, 0});
    wait[1] =
        Math.min(RECONNECT_BACKOFF_MILLIS_MAX, Math.max(RECONNECT_BACKOFF_MILLIS_MIN, wait[1] * 2));
    wait[0] = System.currentTimeMillis() + wait[1];
    LOG.log(Level.FINE, "cannot reach " + target + ": " + cause);
  }

  /**
   * A frame came from {@code peer}: the way back to it works again, so an outbound connection to it
   * that is still trying to connect, or has carried frames unanswered for long (stuck in
   * retransmissions since a cut), is replaced now, without waiting for the backoff.
   */
  void heard(NodeId peer, long now) {
    if (heardMillis.size() >= PEERS_REMEMBERED_MAX && !heardMillis.containsKey(peer)) {
      heardMillis.clear(); // bounded: forgetting only delays the next stuck-connection check
    }
    heardMillis.put(peer, now);
    backoff.remove(peer);
    Connection connection = outbound.get(peer);
    if (connection == null) {
      return;
    }
    boolean stuck =
        !connection.connected
            ? now - connection.openedMillis > CONNECT_TIMEOUT_MILLIS / 4
            : connection.unansweredTooLong(now, UNANSWERED_MILLIS_MAX);
    connection.answered();
    if (stuck) {
      events.close(connection, "the peer is heard again: reconnecting at once");
    }
  }

  /**
   * Closes outbound connections that look stuck, so that the next send opens a fresh one: an
   * attempt pending for longer than {@link #CONNECT_TIMEOUT_MILLIS}, or a connection that has
   * carried frames for {@link #UNANSWERED_MILLIS_MAX} to a peer that answers as a rule, while
   * nothing came back from it. Removal of a member must follow its silence, not the kernel's
   * retransmission backoff after a healed partition.
   */
  void closeStuck(long now) {
    for (Connection connection : List.copyOf(outbound.values())) {
      if (!connection.connected) {
        if (now - connection.openedMillis > CONNECT_TIMEOUT_MILLIS) {
          failed(connection.peer, new IOException("connect timed out"));
          events.close(connection, "connect timed out");
        }
        continue;
      }
      Long heard = heardMillis.get(connection.peer);
      if (heard != null
          && connection.unansweredTooLong(now, UNANSWERED_MILLIS_MAX)
          && now - heard < ANSWERS_WITHIN_MILLIS) {
        events.close(
            connection,
            "nothing heard back for "
                + (now - connection.unansweredSinceMillis)
                + " ms, "
                + connection.unansweredBytes
                + " bytes written since: reconnecting");
      }
    }
  }

  /** {@code connection} closed: if it was the link to its peer, the next send opens another. */
  void closed(Connection connection) {
    if (connection.outbound && outbound.get(connection.peer) == connection) {
      outbound.remove(connection.peer);
    }
  }

  void close() {
    resolver.close();
  }
}
