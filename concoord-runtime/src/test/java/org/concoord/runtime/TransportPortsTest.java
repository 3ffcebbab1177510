package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.Alive;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node with a client port of its own, over real loopback TCP (plaintext, so that only the port
 * tells peers and clients apart): each port serves its own and closes a connection that sends the
 * other's messages; with one port, both are served there as before.
 */
class TransportPortsTest {
  private static final long DEADLINE_MILLIS = 30_000;

  private final List<Message> peerMessages = new ArrayList<>();
  private final List<ClientRequest> requests = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private Transport transport;

  private void start(boolean clientPort) throws IOException {
    int port = Addresses.freePort("127.0.0.1");
    transport =
        new Transport(
            NodeId.of("127.0.0.1:" + port),
            new InetSocketAddress("127.0.0.1", port),
            new Transport.Handler() {
              @Override
              public void onPeerMessage(NodeId from, Message message) {
                peerMessages.add(message);
              }

              @Override
              public void onClientRequest(ClientRequest request) {
                requests.add(request);
              }

              @Override
              public StatusReply status() {
                return null;
              }
            });
    if (clientPort) {
      transport.listenForClients(new InetSocketAddress("127.0.0.1", 0));
    }
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  @Test
  void eachPortServesItsOwnAndClosesOnTheOthersMessages() throws IOException {
    start(true);
    Socket peer = send(transport.localAddress(), peerFrames());
    Socket client = send(transport.clientAddress(), request(1));
    pollUntil(() -> peerMessages.size() == 1 && requests.size() == 1, "one of each served");
    assertTrue(!closed(peer) && !closed(client), "the served stay open");

    Socket peerOnClientPort = send(transport.clientAddress(), peerFrames());
    Socket clientOnPeerPort = send(transport.localAddress(), request(2));
    pollUntil(() -> closed(peerOnClientPort) && closed(clientOnPeerPort), "both closed");
    assertEquals(1, peerMessages.size(), "the peer message on the client port was not handled");
    assertEquals(1, requests.size(), "the request on the peer port was not handled");
  }

  @Test
  void withOnePortPeersAndClientsAreServedThere() throws IOException {
    start(false);
    assertEquals(null, transport.clientAddress());
    Socket peer = send(transport.localAddress(), peerFrames());
    Socket client = send(transport.localAddress(), request(1));
    pollUntil(() -> peerMessages.size() == 1 && requests.size() == 1, "one of each served");
    assertTrue(!closed(peer) && !closed(client));
  }

  private static byte[][] peerFrames() {
    return new byte[][] {
      MessageCodec.encode(new Hello(NodeId.of("127.0.0.1:1"))),
      MessageCodec.encode(new Alive(Ballot.ZERO, 1))
    };
  }

  private static byte[] request(long clientId) {
    return MessageCodec.encode(
        new ClientRequest(new ClientCommand(clientId, 1, 0, new Call("get", new byte[0]))));
  }

  private Socket send(InetSocketAddress to, byte[]... frames) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.connect(to, 5000);
    for (byte[] frame : frames) {
      socket.getOutputStream().write(frame);
    }
    socket.getOutputStream().flush();
    return socket;
  }

  private void pollUntil(BooleanSupplier done, String what) throws IOException {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (!done.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out: " + what);
      transport.poll(10);
    }
  }

  /** Whether the node closed {@code socket} (end of stream or a reset). */
  private static boolean closed(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
