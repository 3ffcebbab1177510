package org.concoord.runtime;

import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.message.WatchRequest;

/**
 * Where each whole frame from a connection goes, for the {@link Transport}: a malformed frame, one
 * the connection's port does not serve, or one from an end the {@link TlsGate} does not admit
 * closes the connection; a Hello names the peer, a StatusRequest is answered here, client requests
 * and watches go to the {@link ClientDoor}, and a peer's message to the role. It also holds the
 * other end to its certificate once the TLS layer has made progress.
 *
 * <p>Not thread-safe: only the node thread calls it.
 */
final class FrameRouter {
  /** What the router asks of the transport. */
  interface Actions {
    void close(Connection connection, String why);

    /** A message from the connection's peer, for the role. */
    void onPeerMessage(Connection connection, Message message);
  }

  private final TlsGate gate;
  private final Transport.Handler handler;
  private final OutputQueues output;
  private final ClientDoor clients;
  private final Actions transport;

  FrameRouter(
      TlsGate gate,
      Transport.Handler handler,
      OutputQueues output,
      ClientDoor clients,
      Actions transport) {
    this.gate = gate;
    this.handler = handler;
    this.output = output;
    this.clients = clients;
    this.transport = transport;
  }

  /** One whole frame from {@code connection}: to the part of the node it is for. */
  void deliver(Connection connection, Decoded<Message> decoded) {
    if (decoded instanceof Decoded.Error<Message> error) {
      transport.close(connection, "malformed frame: " + error.reason());
      return;
    }
    Message message = ((Decoded.Ok<Message>) decoded).value();
    String misplaced = connection.serves.refusal(message);
    if (misplaced != null) {
      transport.close(connection, misplaced);
      return;
    }
    String unknown = gate.admit(connection, message, handler);
    if (unknown != null) {
      transport.close(connection, unknown);
      return;
    }
    if (message instanceof Hello hello) {
      if (connection.tokenPrincipal != null) {
        return; // a token client's Hello, admitted
      }
      if (!gate.mayClaim(connection, hello.node())) {
        transport.close(
            connection,
            "Hello claims " + hello.node() + " but the certificate is of " + connection.identity);
        return;
      }
      connection.peer = hello.node();
    } else if (message instanceof StatusRequest) {
      if (!gate.mayReadStatus(connection, handler)) {
        transport.close(
            connection, "status details are for admin principals, not " + connection.identity);
        return;
      }
      output.write(connection, MessageCodec.encode(handler.status()));
    } else if (message instanceof ClientRequest request) {
      connection.isClient = true;
      clients.onClientRequest(connection, request);
    } else if (message instanceof WatchRequest request) {
      connection.isClient = true;
      clients.onWatchRequest(connection, request);
    } else if (connection.peer != null) {
      transport.onPeerMessage(connection, message);
    } else {
      transport.close(connection, "a peer message before Hello");
    }
  }

  /** After the TLS layer made progress: holds the other end to its certificate. */
  boolean checkPeer(Connection connection) {
    String refusal = gate.refusal(connection);
    if (refusal != null) {
      transport.close(connection, refusal);
      return false;
    }
    return true;
  }
}
