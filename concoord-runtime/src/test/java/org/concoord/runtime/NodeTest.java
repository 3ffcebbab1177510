package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.value.ValueCodec;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.Test;

/** Nodes on real loopback TCP, in one JVM: bootstrap, first acceptor, calls, a junk client. */
class NodeTest {
  static final long DEADLINE_MILLIS = 20_000;

  static NodeId local(int port) {
    return NodeId.of("127.0.0.1:" + port);
  }

  static Node startReplica(int port, List<NodeId> bootstrap, byte[] fingerprint)
      throws IOException {
    return Node.replica(
            local(port),
            new InetSocketAddress("127.0.0.1", port),
            new ObjectHost(Counter.class),
            fingerprint,
            bootstrap,
            ReplicaConfig.defaults())
        .start();
  }

  /** Sends one request on a raw socket and reads replies until a final one. */
  static ClientReply call(int port, long clientId, long seq, String method) throws IOException {
    return call(port, clientId, seq, seq, method);
  }

  static ClientReply call(int port, long clientId, long seq, long ackedBelow, String method)
      throws IOException {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (true) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(2000);
        OutputStream out = socket.getOutputStream();
        Call call = new Call(method, ValueCodec.encodeArgs());
        out.write(
            MessageCodec.encode(
                new ClientRequest(new ClientCommand(clientId, seq, ackedBelow, call))));
        ClientReply reply = (ClientReply) readFrame(new DataInputStream(socket.getInputStream()));
        if (reply.outcome().isFinal()) {
          return reply;
        }
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no final reply from " + port);
      }
      try {
        Thread.sleep(100); // bounded polling in a process-level test, not protocol synchronisation
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    }
  }

  /** One length-prefixed frame from {@code in}, decoded. */
  static Message readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    byte[] frame = new byte[4 + length];
    java.nio.ByteBuffer.wrap(frame).putInt(length);
    in.readFully(frame, 4, length);
    return ((Decoded.Ok<Message>) MessageCodec.decode(frame)).value();
  }

  @Test
  void bootstrapReplicaServesOnceTheFirstAcceptorJoins() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    try (Node replica = startReplica(replicaPort, List.of(), new byte[] {1});
        Node acceptor =
            Node.acceptor(
                    local(acceptorPort),
                    new InetSocketAddress("127.0.0.1", acceptorPort),
                    List.of(local(replicaPort)))
                .start()) {
      assertEquals(Outcome.OK, call(replicaPort, 7, 1, "increment").outcome());
      assertEquals(Outcome.OK, call(replicaPort, 7, 2, 1, "increment").outcome());
      // A retry of seq 2 (its reply not acknowledged) is answered from the reply cache.
      assertEquals(Outcome.OK, call(replicaPort, 7, 2, 1, "increment").outcome());
      ClientReply value = call(replicaPort, 7, 3, "getvalue");
      assertEquals(2L, ValueCodec.decode(value.payload()));
    }
  }

  @Test
  void junkBytesCloseOnlyThatConnection() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    try (Node replica = startReplica(replicaPort, List.of(), new byte[] {1});
        Node acceptor =
            Node.acceptor(
                    local(acceptorPort),
                    new InetSocketAddress("127.0.0.1", acceptorPort),
                    List.of(local(replicaPort)))
                .start()) {
      try (Socket junk = new Socket("127.0.0.1", replicaPort)) {
        junk.getOutputStream().write(new byte[] {0, 0, 0, 5, 9, 9, 9, 9, 9});
        junk.setSoTimeout(5000);
        assertEquals(-1, junk.getInputStream().read(), "the junk connection is closed");
      }
      try (Socket huge = new Socket("127.0.0.1", replicaPort)) {
        huge.getOutputStream().write(new byte[] {0x7f, 0, 0, 0});
        huge.setSoTimeout(5000);
        assertEquals(-1, huge.getInputStream().read(), "an oversized frame closes it");
      }
      assertEquals(Outcome.OK, call(replicaPort, 9, 1, "increment").outcome());
      assertTrue(replica.describe().contains("ACTIVE"), replica.describe());
    }
  }
}
