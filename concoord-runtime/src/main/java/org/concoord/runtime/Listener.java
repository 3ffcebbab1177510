package org.concoord.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.logging.Level;
import org.concoord.client.tls.BearerToken;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.message.WatchRequest;

/**
 * One listening port of a node and its accept loop: each connection accepted is refused past the
 * caps on inbound connections ({@link InboundCaps}, shared by all of a node's ports), else made a
 * {@link Connection} (with TLS unless plaintext) and registered for reading. When accept fails (out
 * of file descriptors), accepting pauses briefly rather than spin the node thread.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class Listener {
  /**
   * What a port serves: a node with one port serves peers and clients on it; a node with a client
   * port of its own serves only peers on the other. Enforced by port, whatever the certificate, so
   * that a firewall rule on the peer port means what it says.
   */
  enum Serves {
    PEERS_AND_CLIENTS,
    PEERS,
    CLIENTS;

    /**
     * Why {@code message} may not arrive on a port serving this, or null. A StatusRequest is
     * answered on either (to whom the transport's other checks allow).
     */
    String refusal(Message message) {
      boolean client =
          message instanceof ClientRequest
              || message instanceof WatchRequest
              || message instanceof Hello hello
                  && BearerToken.ofHello(hello.node().address()) != null;
      if (message instanceof StatusRequest || this == PEERS_AND_CLIENTS) {
        return null;
      }
      if (this == PEERS && client) {
        return "a client's " + message.getClass().getSimpleName() + " on the peer port";
      }
      if (this == CLIENTS && !client) {
        return "a peer's " + message.getClass().getSimpleName() + " on the client port";
      }
      return null;
    }
  }

  /** After accept() fails (out of file descriptors), how long accepting pauses. */
  static final long ACCEPT_PAUSE_MILLIS = 100;

  private final ServerSocketChannel server;
  private final SelectionKey key;
  private final InboundCaps inbound;
  private final TlsGate gate;
  private final TrafficCounters traffic;
  private final QuietLog quiet;
  private Serves serves;
  private long acceptPausedUntil;

  /** Binds {@code bind} and registers with {@code selector}; names the address if it is taken. */
  Listener(
      InetSocketAddress bind,
      Serves serves,
      Selector selector,
      InboundCaps inbound,
      TlsGate gate,
      TrafficCounters traffic,
      QuietLog quiet)
      throws IOException {
    this.serves = serves;
    this.inbound = inbound;
    this.gate = gate;
    this.traffic = traffic;
    this.quiet = quiet;
    this.server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(bind, 1024);
      server.configureBlocking(false);
      this.key = server.register(selector, SelectionKey.OP_ACCEPT, this);
    } catch (BindException e) {
      // "Address already in use" alone does not say which: name the address and port.
      BindException named =
          new BindException(e.getMessage() + ": " + bind.getHostString() + ":" + bind.getPort());
      named.initCause(e);
      server.close();
      throw named;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** From now on, the connections this port accepts serve only {@code serves}. */
  void serve(Serves serves) {
    this.serves = serves;
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) server.getLocalAddress();
  }

  /** Accepts one connection, or refuses it past the caps. */
  void accept(Selector selector) {
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
        Connection.closeQuietly(channel);
        return;
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel, false, null, remote);
      connection.serves = serves;
      connection.connected = true;
      gate.attach(connection, false);
      traffic.opened();
      connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
      inbound.opened(connection);
    } catch (IOException e) {
      // Out of file descriptors, or the client gave up already: the node goes on; accepting
      // pauses briefly so that a full descriptor table does not spin this thread.
      if (channel != null) {
        Connection.closeQuietly(channel);
      } else if (key.isValid()) {
        key.interestOps(0);
        acceptPausedUntil = System.currentTimeMillis() + ACCEPT_PAUSE_MILLIS;
      }
      quiet.log(Level.WARNING, "accept", "cannot accept a connection: " + e);
    }
  }

  /** Accepts again once a pause after a failed accept is over. */
  void resumeAfterPause(long nowMillis) {
    if (acceptPausedUntil != 0 && nowMillis >= acceptPausedUntil) {
      acceptPausedUntil = 0;
      if (key.isValid()) {
        key.interestOps(SelectionKey.OP_ACCEPT);
      }
    }
  }
}
