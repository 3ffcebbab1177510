package org.concoord.runtime;

import java.io.IOException;
import org.concoord.client.tls.BearerToken;
import org.concoord.client.tls.Identity;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.access.AccessPolicy;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;

/**
 * Who the other end of a connection is, over TLS: it puts the TLS layer on each connection, and
 * once the handshake is done takes the peer's {@link Identity} from its certificate and holds the
 * connection to it (an outbound connection must reach the node it dialled; a {@code Hello} may name
 * only the node the certificate names). In plaintext ({@code --insecure}) it lets everything
 * through and every principal is the anonymous one.
 *
 * <p>Does no I/O itself and closes nothing: it answers, the transport acts. Not thread-safe: the
 * node thread's.
 */
final class TlsGate {
  /** Null: plaintext (--insecure). Otherwise every connection is TLS 1.3 with mutual auth. */
  private TlsCredentials tls;

  void use(TlsCredentials credentials) {
    this.tls = credentials;
  }

  boolean secure() {
    return tls != null;
  }

  /**
   * Puts the TLS layer on a new connection (none in plaintext). An inbound one may come without a
   * certificate: then only a client with a token ({@link #admit}).
   */
  void attach(Connection connection, boolean clientMode) throws IOException {
    if (tls != null) {
      connection.tls =
          new TlsChannel(
              connection.channel, clientMode ? tls.engine(true) : tls.engineAcceptingTokens());
    }
  }

  /**
   * Whether the connection's other end is known: plaintext, a certificate, or a token (checked by
   * the transport against the replicated policy at each frame).
   */
  boolean authenticated(Connection connection) {
    return tls == null || connection.identity != null || connection.tokenPrincipal != null;
  }

  /**
   * Once the TLS handshake is done, who the other end is: an outbound connection must reach the
   * node it dialled (its certificate names that address); an inbound one is a node or a client as
   * its certificate says, and the transport holds it to that. Why the connection must close, or
   * null (its identity is then set, or the handshake is still going on).
   */
  String refusal(Connection connection) {
    if (connection.tls == null || connection.identityChecked || !connection.tls.ready()) {
      return null;
    }
    connection.identityChecked = true;
    Identity identity = connection.tls.peerIdentity();
    if (identity == null && !connection.outbound && !connection.tls.peerCertified()) {
      return null; // no certificate: a client that must show a token first
    }
    if (identity == null) {
      return "its certificate names no ConCoord node or client";
    }
    if (connection.outbound
        && (!identity.node() || !identity.name().equals(connection.peer.address()))) {
      return "dialled " + connection.peer + " but reached " + identity;
    }
    connection.identity = identity;
    return null;
  }

  /** Whether a Hello naming {@code node} may stand: over TLS, only the certificate's node. */
  boolean mayClaim(Connection connection, NodeId node) {
    if (tls == null) {
      return true;
    }
    Identity identity = connection.identity;
    return !connection.outbound
        && identity != null
        && identity.node()
        && identity.name().equals(node.address())
        && (connection.peer == null || connection.peer.equals(node));
  }

  /**
   * Over TLS without a certificate, the first frame must be a client's Hello with a token the
   * replicated policy knows, and the token must still be known at every later frame (so a revoked
   * token stops working at once). Why the connection must close, or null.
   */
  String admit(Connection connection, Message message, Transport.Handler handler) {
    if (tls == null || connection.identity != null) {
      return null;
    }
    if (connection.tokenHash == null) {
      String token =
          message instanceof Hello hello ? BearerToken.ofHello(hello.node().address()) : null;
      try {
        connection.tokenHash = token == null ? null : BearerToken.hashHex(token);
      } catch (IllegalArgumentException malformed) {
        connection.tokenHash = null;
      }
      if (connection.tokenHash == null) {
        return "neither a certificate nor a token's Hello";
      }
    }
    connection.tokenPrincipal = handler.principalOfToken(connection.tokenHash);
    if (connection.tokenPrincipal == null) {
      return "an unknown or revoked token";
    }
    connection.isClient = true;
    return null;
  }

  /** Whether this connection may read status details: nodes and admin principals. */
  boolean mayReadStatus(Connection connection, Transport.Handler handler) {
    Identity identity = connection.identity;
    return tls == null
        || identity != null && identity.node()
        || authenticated(connection) && handler.isAdmin(principal(connection));
  }

  /**
   * The principal a request on this connection runs as: the certificate's, or on a node's
   * connection the non-empty one the node names ({@code claimed}: a node relays its HTTP callers'
   * requests, and a node is trusted as for every peer message).
   */
  String principal(Connection connection, String claimed) {
    boolean relayed =
        tls != null
            && connection.identity != null
            && connection.identity.node()
            && !claimed.isEmpty();
    return relayed ? claimed : principal(connection);
  }

  /**
   * The principal of a client connection: its certificate's name, or its token's; empty in
   * plaintext. (The transport hands on nothing from a connection that has neither.)
   */
  String principal(Connection connection) {
    Identity identity = connection.identity;
    if (tls == null) {
      return AccessPolicy.ANONYMOUS;
    }
    if (identity == null) {
      return connection.tokenPrincipal;
    }
    return identity.node() ? AccessPolicy.NODE_PREFIX + identity.name() : identity.name();
  }
}
