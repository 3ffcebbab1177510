package org.concoord.cli;

import static org.concoord.cli.RawFrames.trustOnly;
import static org.concoord.cli.RawFrames.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.concoord.cli.deploy.InstanceProbe;
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
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.StatusReply;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * SecurityIT's instance and the attacker's tools: one TLS instance of the counter (2 replicas, 1
 * acceptor) started by {@code concoord initialize} once for the class, the counter and the view
 * remembered before each test and checked unchanged after it; calls as a principal or with a token,
 * raw TLS sockets, forged frames. Not thread-safe.
 */
abstract class SecurityInstance {
  @TempDir static Path work;
  static ProcessKit kit;
  static Path instance;
  static Path tls;
  static String bootstrap;
  static NodeId replica;
  static TlsCredentials admin;

  /** An address no node uses: what an attacker would add to the view. */
  static final NodeId FORGED = NodeId.of("127.0.0.1:1");

  static long counterBefore;
  static long epochBefore;

  @BeforeAll
  static void startInstance() throws Exception {
    kit = new ProcessKit(Files.createDirectories(work.resolve("logs")));
    instance = work.resolve("instance");
    bootstrap = FailuresIT.start(kit, instance, 2, 1);
    replica = NodeId.of(bootstrap.split(",")[0]);
    tls = instance.resolve("tls");
    admin = TlsCredentials.inDirectory(tls, TlsCredentials.ADMIN_NAME);
    assertEquals(
        "",
        Files.getPosixFilePermissions(tls.resolve("admin.key")).stream()
            .map(Object::toString)
            .filter(p -> !p.startsWith("OWNER"))
            .reduce("", String::concat),
        "keys are 0600");
    assertEquals(0, call("increment").exitCode());
  }

  @AfterAll
  static void stopInstance() throws Exception {
    kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", instance.toString());
    kit.close();
  }

  static ProcessKit.Result call(String method) throws Exception {
    return kit.run(
        60,
        ProcessKit.CONCOORD.toString(),
        "call",
        "--dir",
        instance.toString(),
        "-b",
        bootstrap,
        method);
  }

  /**
   * The counter, read as the admin in this JVM (before and after every test: a `concoord call`
   * process each time cost the build about a minute; the CLI's TLS path is the setup's call).
   */
  static long counter() {
    try (ConcoordClient client =
        ConcoordClient.connect(bootstrap, ClientOptions.defaults().withTls(admin))) {
      int value = client.invoke("getvalue", int.class); // not returned directly: T would be Long
      return value;
    }
  }

  static View view() {
    StatusReply reply = InstanceProbe.status(replica, admin);
    assertTrue(reply != null && reply.view() != null, "the admin reads the status over TLS");
    return reply.view();
  }

  @org.junit.jupiter.api.BeforeEach
  void remember() throws Exception {
    counterBefore = counter();
    epochBefore = view().epoch();
  }

  @AfterEach
  void nothingChanged() throws Exception {
    assertEquals(counterBefore, counter(), "the counter is unchanged");
    View after = view();
    assertEquals(epochBefore, after.epoch(), "the view is unchanged: " + after);
    assertTrue(!after.members(Role.ACCEPTOR).contains(FORGED), after.toString());
  }

  /** {@code acl token create PRINCIPAL [ROLE]}: the token it prints. */
  static String createToken(String principal, String role) throws Exception {
    ProcessKit.Result created =
        role == null
            ? acl("admin", "token", "create", principal)
            : acl("admin", "token", "create", principal, role);
    assertEquals(0, created.exitCode(), created.output());
    for (String line : created.output().split("\n")) {
      if (line.trim().matches("[A-Za-z0-9_-]{43}")) {
        return line.trim();
      }
    }
    throw new AssertionError("no token printed: " + created.output());
  }

  static ProcessKit.Result callWithToken(Path file, String method) throws Exception {
    return kit.run(
        60,
        ProcessKit.CONCOORD.toString(),
        "call",
        "--dir",
        instance.toString(),
        "--token-file",
        file.toString(),
        "-b",
        bootstrap,
        method);
  }

  /** A call with {@code credentials} fails quickly: the node closes every connection. */
  static void assertTokenRefused(TlsCredentials credentials) {
    ClientOptions quick =
        ClientOptions.defaults()
            .withTls(credentials)
            .withConnectTimeout(Duration.ofSeconds(3))
            .withCallTimeout(Duration.ofSeconds(3));
    assertThrows(
        ConcoordException.class,
        () -> {
          try (ConcoordClient client = ConcoordClient.connect(bootstrap, quick)) {
            client.invokeRaw("getvalue", ValueCodec.encodeArgs());
          }
        });
  }

  /** TLS 1.3 to {@code node} trusting the instance CA, no certificate; then the token's Hello. */
  static Socket tokenTo(String token, String node) throws Exception {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, trustOnly(tls.resolve("ca.pem")), null);
    InetSocketAddress address = org.concoord.runtime.Addresses.parse(node);
    Socket plain = new Socket();
    plain.connect(address, 10_000);
    SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    write(socket, MessageCodec.encode(new Hello(NodeId.of(BearerToken.HELLO_PREFIX + token))));
    return socket;
  }

  static void assertRefusedAsAnotherPrincipals(ClientReply reply) {
    assertEquals(Outcome.REJECTED, reply.outcome(), reply.toString());
    assertEquals(
        Reason.WRONG_PRINCIPAL,
        Refusal.decode(reply.payload()).reason(),
        Refusal.decode(reply.payload()).message());
  }

  static ProcessKit.Result callAs(String principal, String method) throws Exception {
    return kit.run(
        60,
        ProcessKit.CONCOORD.toString(),
        "call",
        "--dir",
        instance.toString(),
        "--tls-name",
        principal,
        "-b",
        bootstrap,
        method);
  }

  static ProcessKit.Result acl(String principal, String... words) throws Exception {
    String[] command = new String[words.length + 8];
    System.arraycopy(
        new String[] {
          ProcessKit.CONCOORD.toString(),
          "acl",
          "--dir",
          instance.toString(),
          "--tls-name",
          principal,
          "-b",
          bootstrap
        },
        0,
        command,
        0,
        8);
    System.arraycopy(words, 0, command, 8, words.length);
    return kit.run(60, command);
  }

  /** Hello(as) and a JoinRequest adding the forged node as an acceptor. */
  static byte[][] attack(NodeId as) {
    return new byte[][] {
      MessageCodec.encode(new Hello(as)),
      MessageCodec.encode(new JoinRequest(FORGED, Role.ACCEPTOR, new byte[0]))
    };
  }

  static void certs(String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = ProcessKit.CONCOORD.toString();
    command[1] = "certs";
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessKit.Result result = kit.run(60, command);
    assertEquals(0, result.exitCode(), result.output());
  }

  static void assertCallFails(ClientOptions options) {
    ClientOptions quick =
        options.withConnectTimeout(Duration.ofSeconds(5)).withCallTimeout(Duration.ofSeconds(15));
    assertThrows(
        ConcoordException.class,
        () -> {
          try (ConcoordClient client = ConcoordClient.connect(bootstrap, quick)) {
            client.invokeRaw("increment", ValueCodec.encodeArgs());
          }
        });
  }

  static Socket connect() throws IOException {
    InetSocketAddress address = org.concoord.runtime.Addresses.parse(replica.address());
    Socket socket = new Socket();
    socket.connect(address, 10_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  /** A TLS 1.3 connection to the replica; the handshake may still be refused afterwards. */
  static Socket handshake(SSLContext context) throws IOException {
    return RawFrames.handshake(connect(), context);
  }
}
