package org.concoord.cli;

import static org.concoord.cli.RawFrames.assertClosed;
import static org.concoord.cli.RawFrames.read;
import static org.concoord.cli.RawFrames.request;
import static org.concoord.cli.RawFrames.secureTo;
import static org.concoord.cli.RawFrames.trustOnly;
import static org.concoord.cli.RawFrames.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.client.tls.BearerToken;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Hello;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/**
 * The attacks of the security review's table 1.1 against a real instance started by {@code concoord
 * initialize} (TLS by default): a process with no certificate, with a certificate of another CA,
 * with a client certificate sending peer messages, with a node certificate claiming another node's
 * address, a {@code reader} calling a write (and other principals calling admin-only operations), a
 * principal reusing another principal's client id. Each is refused (the node closes the connection,
 * or the call fails), and after each the counter and the view are what they were. One instance for
 * all, to keep CI time low.
 */
class SecurityIT extends SecurityInstance {
  @Test
  void noCertificateIsRefused() throws Exception {
    // Plaintext, as before TLS: a Hello and a JoinRequest.
    try (Socket plain = connect()) {
      assertClosed(plain, attack(FORGED));
    }
    // TLS, trusting the instance CA, but without a certificate of its own.
    SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
    anonymous.init(null, trustOnly(tls.resolve("ca.pem")), null);
    try (Socket secure = handshake(anonymous)) {
      assertClosed(secure, attack(FORGED));
    }
    // A plaintext client's call.
    assertCallFails(ClientOptions.defaults().insecure());
  }

  @Test
  void anotherCasCertificateIsRefused() throws Exception {
    Path other = work.resolve("other-ca");
    certs("create-ca", "--dir", other.toString());
    certs("create-client", "admin", "--dir", other.toString());
    certs("create-node", FORGED.address(), "--dir", other.toString());
    assertCallFails(ClientOptions.defaults().withTls(TlsCredentials.inDirectory(other, "admin")));
    TlsCredentials node =
        TlsCredentials.inDirectory(other, CertificateAuthority.nodeName(FORGED.address()));
    try (Socket secure = handshake(node.context())) {
      assertClosed(secure, attack(FORGED));
    }
  }

  @Test
  void clientCertificateCannotSendPeerMessages() throws Exception {
    try (Socket secure = handshake(admin.context())) {
      assertClosed(secure, attack(FORGED));
    }
    try (Socket secure = handshake(admin.context())) { // a peer message without any Hello
      assertClosed(
          secure, MessageCodec.encode(new JoinRequest(FORGED, Role.ACCEPTOR, new byte[0])));
    }
  }

  @Test
  void nodeCertificateCannotClaimAnotherNodesAddress() throws Exception {
    // A genuine node certificate of the instance CA, for the attacker's own address...
    certs("create-node", FORGED.address(), "--dir", tls.toString());
    TlsCredentials forged =
        TlsCredentials.inDirectory(tls, CertificateAuthority.nodeName(FORGED.address()));
    // ...is a peer under that name (the control: the test can see an accepted connection)...
    try (Socket secure = handshake(forged.context())) {
      write(
          secure, MessageCodec.encode(new Hello(FORGED)), MessageCodec.encode(new StatusRequest()));
      assertInstanceOf(StatusReply.class, read(secure));
    }
    // ...but not under a member's name.
    NodeId acceptor = view().members(Role.ACCEPTOR).first();
    try (Socket secure = handshake(forged.context())) {
      assertClosed(secure, attack(acceptor));
    }
  }

  @Test
  void readerCannotCallAWriteNorAnyoneButAdminsTheAdminOperations() throws Exception {
    certs("create-client", "alice", "--dir", tls.toString());
    certs("create-client", "bob", "--dir", tls.toString());
    ProcessKit.Result granted = acl("admin", "grant", "alice", "reader");
    assertEquals(0, granted.exitCode(), granted.output());
    assertTrue(granted.output().contains("grant alice reader"), granted.output());
    // The reader reads (the control: its credential works), and cannot write.
    ProcessKit.Result read = callAs("alice", "getvalue");
    assertEquals(0, read.exitCode(), read.output());
    assertEquals(counterBefore, Long.parseLong(read.output().trim()));
    ProcessKit.Result write = callAs("alice", "increment");
    assertEquals(1, write.exitCode(), write.output());
    assertTrue(write.output().contains("access denied"), write.output());
    // bob is a writer by default: he writes nothing here, and may not re-initialize the object,
    // see or change the policy, or read status details; the admin may.
    ProcessKit.Result reset = callAs("bob", "__concoordinit__");
    assertEquals(1, reset.exitCode(), reset.output());
    assertTrue(reset.output().contains("access denied"), reset.output());
    ProcessKit.Result promote = acl("bob", "grant", "bob", "admin");
    assertEquals(1, promote.exitCode(), promote.output());
    assertTrue(promote.output().contains("access denied"), promote.output());
    ProcessKit.Result show = acl("alice", "show");
    assertEquals(1, show.exitCode(), show.output());
    assertEquals(
        null,
        InstanceProbe.status(replica, TlsCredentials.inDirectory(tls, "bob")),
        "status details are refused to a non-admin");
    ProcessKit.Result policy = acl("admin", "show");
    assertEquals(0, policy.exitCode(), policy.output());
    assertTrue(
        policy.output().contains("grant alice reader") && !policy.output().contains("grant bob"),
        policy.output());
  }

  @Test
  void anotherPrincipalsClientIdIsRefused() throws Exception {
    certs("create-client", "mallory", "--dir", tls.toString());
    NodeId leader = InstanceProbe.status(replica, admin).leader();
    long victim = 0x5EC0_0000_0000_0000L | (System.nanoTime() & 0xFFFF_FFFFL);
    try (SSLSocket owner = secureTo(admin, leader.address());
        SSLSocket thief = secureTo(TlsCredentials.inDirectory(tls, "mallory"), leader.address())) {
      write(owner, request(victim, 1, 0, "getvalue", ""));
      ClientReply first = (ClientReply) read(owner);
      assertEquals(Outcome.OK, first.outcome(), first.toString());
      // The thief asks for the owner's cached reply, then calls under its id, claiming in the
      // command to be the admin (the node takes the principal from the certificate instead).
      write(thief, request(victim, 1, 0, "getvalue", ""));
      assertRefusedAsAnotherPrincipals((ClientReply) read(thief));
      write(thief, request(victim, 2, 1, "increment", "admin"));
      assertRefusedAsAnotherPrincipals((ClientReply) read(thief));
      // The owner's session is intact.
      write(owner, request(victim, 2, 1, "getvalue", ""));
      ClientReply again = (ClientReply) read(owner);
      assertEquals(Outcome.OK, again.outcome(), again.toString());
      assertEquals(counterBefore, ((Number) ValueCodec.decode(again.payload())).longValue());
    }
  }

  @Test
  void aTokenCallsAsItsPrincipalUntilRevokedAndAReaderTokenCannotWrite() throws Exception {
    Path file = work.resolve("carol.token");
    Files.writeString(file, createToken("carol", "reader") + "\n");
    ProcessKit.Result read = callWithToken(file, "getvalue");
    assertEquals(0, read.exitCode(), read.output());
    assertEquals(counterBefore, Long.parseLong(read.output().trim()));
    Path ca = tls.resolve("ca.pem");
    // The same token from the Java client (in this JVM: one process less), writing.
    ClientOptions carol =
        ClientOptions.defaults().withTls(TlsCredentials.withToken(ca, BearerToken.read(file)));
    try (ConcoordClient client = ConcoordClient.connect(bootstrap, carol)) {
      ConcoordException write =
          assertThrows(
              ConcoordException.class,
              () -> client.invokeRaw("increment", ValueCodec.encodeArgs()));
      assertTrue(
          write.getMessage().contains("access denied") && write.getMessage().contains("'carol'"),
          write.getMessage());
    }
    assertTokenRefused(TlsCredentials.withToken(ca, BearerToken.generate()));
    ProcessKit.Result revoked = acl("admin", "token", "revoke", "carol");
    assertEquals(0, revoked.exitCode(), revoked.output());
    assertTokenRefused(TlsCredentials.withToken(ca, BearerToken.read(file)));
  }

  @Test
  void aTokenPrincipalCannotUseAnotherPrincipalsClientId() throws Exception {
    String token = createToken("dave", null); // a writer, by the default role
    NodeId leader = InstanceProbe.status(replica, admin).leader();
    long victim = 0x70C0_0000_0000_0000L | (System.nanoTime() & 0xFFFF_FFFFL);
    try (SSLSocket owner = secureTo(admin, leader.address());
        Socket thief = tokenTo(token, leader.address())) {
      write(owner, request(victim, 1, 0, "getvalue", ""));
      assertEquals(Outcome.OK, ((ClientReply) read(owner)).outcome());
      // The token works (the control): its own client id is served...
      write(thief, request(victim + 1, 1, 0, "getvalue", ""));
      ClientReply own = (ClientReply) read(thief);
      assertEquals(Outcome.OK, own.outcome(), own.toString());
      // ...and the owner's is not, for a cached reply or a call claiming to be the admin.
      write(thief, request(victim, 1, 0, "getvalue", ""));
      assertRefusedAsAnotherPrincipals((ClientReply) read(thief));
      write(thief, request(victim, 2, 1, "increment", "admin"));
      assertRefusedAsAnotherPrincipals((ClientReply) read(thief));
    }
  }
}
