package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica serving peers and clients on separate ports ({@code -p P --client-port C}, address
 * {@code host:P/C}): clients call on C; on C a peer message is refused and the connection closed,
 * on P a client's call is; each time the counter and the view stay as they were. (The refusals by
 * certificate are SecurityIT's; these are by port, with certificates that would be accepted.)
 */
class PortsIT {
  @TempDir Path work;

  @Test
  void peersAndClientsEachOnTheirOwnPort() throws Exception {
    Path tls = Files.createDirectories(work.resolve("tls"));
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work.resolve("logs")))) {
      createCaAndAdmin(kit, tls);
      int peerPort = Addresses.freePort("127.0.0.1");
      int clientPort = Addresses.freePort("127.0.0.1", p -> p != peerPort);
      NodeId replica = NodeId.of("127.0.0.1:" + peerPort + "/" + clientPort);
      startOnTwoPortsWithAnAcceptor(kit, tls, peerPort, clientPort, replica);
      // A client calls on the client port, named by its address alone (as DNS would give it).
      String clientAt = replica.clientAddress();
      TlsCredentials admin = TlsCredentials.inDirectory(tls, TlsCredentials.ADMIN_NAME);
      ClientOptions options = ClientOptions.defaults().withTls(admin);
      try (ConcoordClient client = ConcoordClient.connect(clientAt, options)) {
        client.invokeRaw("increment", ValueCodec.encodeArgs()); // waits for the acceptor
      }
      long counter = counter(clientAt, options);
      assertEquals(1, counter);
      View before = status(admin, clientAt).view();

      // A genuine node certificate: a peer on the peer port (the control)...
      NodeId forged = NodeId.of("127.0.0.1:1");
      assertEquals(
          0,
          kit.run(60, concoord, "certs", "create-node", forged.address(), "--dir", tls.toString())
              .exitCode());
      TlsCredentials node =
          TlsCredentials.inDirectory(tls, CertificateAuthority.nodeName(forged.address()));
      try (Socket peer = RawFrames.secureTo(node.context(), replica.peerAddress())) {
        RawFrames.write(
            peer, MessageCodec.encode(new Hello(forged)), MessageCodec.encode(new StatusRequest()));
        assertInstanceOf(StatusReply.class, RawFrames.read(peer));
      }
      // ...but its Hello and JoinRequest on the client port close the connection.
      try (Socket peer = RawFrames.secureTo(node.context(), clientAt)) {
        RawFrames.assertClosed(peer, attack(forged));
      }
      // The admin's call on the client port is answered (the control), on the peer port refused.
      long id = 0x9047_0000_0000_0000L | (System.nanoTime() & 0xFFFF_FFFFL);
      try (Socket client = RawFrames.secureTo(admin.context(), clientAt)) {
        RawFrames.write(client, RawFrames.request(id, 1, 0, "getvalue", ""));
        ClientReply reply = (ClientReply) RawFrames.read(client);
        assertEquals(Outcome.OK, reply.outcome(), reply.toString());
      }
      try (Socket client = RawFrames.secureTo(admin.context(), replica.peerAddress())) {
        RawFrames.assertClosed(client, RawFrames.request(id, 2, 1, "increment", ""));
      }

      assertEquals(counter, counter(clientAt, options), "the counter is unchanged");
      View after = status(admin, clientAt).view();
      assertEquals(before.epoch(), after.epoch(), "the view is unchanged: " + after);
      assertTrue(!after.members(Role.ACCEPTOR).contains(forged), after.toString());
    }
  }

  /** Creates the CA and the admin's client certificate in {@code tls}. */
  private static void createCaAndAdmin(ProcessKit kit, Path tls) throws Exception {
    String concoord = ProcessKit.CONCOORD.toString();
    assertEquals(
        0, kit.run(60, concoord, "certs", "create-ca", "--dir", tls.toString()).exitCode());
    assertEquals(
        0,
        kit.run(60, concoord, "certs", "create-client", "admin", "--dir", tls.toString())
            .exitCode());
  }

  /** Starts the replica on its peer and client ports, then an acceptor joining it. */
  private static void startOnTwoPortsWithAnAcceptor(
      ProcessKit kit, Path tls, int peerPort, int clientPort, NodeId replica) throws Exception {
    String concoord = ProcessKit.CONCOORD.toString();
    kit.start(
        "r1",
        concoord,
        "replica",
        "-f",
        FailuresIT.COUNTER,
        "-c",
        "Counter",
        "-p",
        String.valueOf(peerPort),
        "--client-port",
        String.valueOf(clientPort),
        "--tls-dir",
        tls.toString());
    kit.awaitLine("r1", "concoord replica " + replica, 120);
    kit.start("a1", concoord, "acceptor", "--tls-dir", tls.toString(), "-b", replica.address());
    kit.awaitLine("a1", "concoord acceptor", 120);
  }

  /** The frames of a peer claiming {@code as}, then asking to join as an acceptor. */
  static byte[][] attack(NodeId as) {
    return new byte[][] {
      MessageCodec.encode(new Hello(as)),
      MessageCodec.encode(new org.concoord.core.message.JoinRequest(as, Role.ACCEPTOR, new byte[0]))
    };
  }

  static long counter(String at, ClientOptions options) throws Exception {
    try (ConcoordClient client = ConcoordClient.connect(at, options)) {
      return ((Number) ValueCodec.decode(client.invokeRaw("getvalue", ValueCodec.encodeArgs())))
          .longValue();
    }
  }

  static StatusReply status(TlsCredentials admin, String at) {
    StatusReply reply = InstanceProbe.status(NodeId.of(at), admin);
    assertNotEquals(null, reply, "status on the client port");
    return reply;
  }
}
