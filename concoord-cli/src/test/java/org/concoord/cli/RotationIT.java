package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.tls.CertificateAuthority;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.StatusRequest;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation under load, on a real TLS instance: every node's certificate is reissued,
 * then the CA is rolled over in the two steps of docs/security.md (trust both; reissue from the new
 * one and drop the old). A caller increments the counter all along, opening a new client (new TLS
 * connections) every few calls: no call fails, and the counter ends at the number of acknowledged
 * increments. After the rollover the old CA's admin credential is refused.
 */
class RotationIT {
  static final long DEADLINE_SECONDS = 60;
  @TempDir Path work;

  @Test
  void nodeCertificatesThenTheCaRotateUnderLoad() throws Exception {
    Path instance = work.resolve("instance");
    Path tls = instance.resolve("tls");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work.resolve("logs")))) {
      String bootstrap = initializeCounter(kit, instance);
      try {
        List<String> nodes =
            Deployment.read(instance).nodes().stream().map(Deployment.NodeEntry::address).toList();
        // Status details are for admins (issue 16's policy), and the probes below ask for status:
        // they are admins, so only their CA decides whether they are answered. The old one is the
        // admin credential of the first CA, kept aside before the rotation replaces it.
        Path oldAdmin = Files.createDirectories(work.resolve("old-admin"));
        Files.copy(tls.resolve("admin.pem"), oldAdmin.resolve("admin.pem"));
        Files.copy(tls.resolve("admin.key"), oldAdmin.resolve("admin.key"));
        TlsCredentials admin = TlsCredentials.inDirectory(tls, TlsCredentials.ADMIN_NAME);
        Load load = new Load(bootstrap, admin);
        Thread caller = new Thread(load::run, "rotation-load");
        caller.start();
        try {
          load.awaitCalls(20);
          // Every node's certificate, reissued in place.
          reissueNodeCertificates(kit, admin, nodes, tls);
          load.awaitCalls(load.acknowledged.get() + 20);
          // CA rollover, step 1: a new CA, trusted beside the old one.
          Path next = work.resolve("next-ca");
          trustANextCaBesideTheOld(kit, tls, next, nodes);
          // Step 2: issue from the new CA, then drop the old one.
          Files.move(
              next.resolve("ca.key"), tls.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              next.resolve("ca.crt"), tls.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
          reissueNodeCertificates(kit, admin, nodes, tls);
          certs(kit, "create-client", "admin", "--dir", tls.toString());
          replace(tls.resolve("ca.pem"), Files.readString(tls.resolve("ca.crt")));
          TlsCredentials old =
              new TlsCredentials(
                  tls.resolve("ca.pem"),
                  oldAdmin.resolve("admin.pem"),
                  oldAdmin.resolve("admin.key"));
          for (String node : nodes) {
            awaitAnswer(old, node, false);
          }
          load.awaitCalls(load.acknowledged.get() + 20);
        } finally {
          load.stop = true;
          caller.join(120_000);
        }
        assertEquals(null, load.failure.get(), "no call failed during the rotation");
        try (ConcoordClient client =
            ConcoordClient.connect(bootstrap, ClientOptions.defaults().withTls(admin))) {
          long value =
              ((Number) ValueCodec.decode(client.invokeRaw("getvalue", ValueCodec.encodeArgs())))
                  .longValue();
          assertEquals(load.acknowledged.get(), value, "every acknowledged increment is there");
        }
      } finally { // no JVM of the instance is left behind, whatever failed
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", instance.toString());
      }
    }
  }

  /**
   * Initializes a TLS instance of the counter, 2 replicas and 1 acceptor; returns its bootstrap.
   */
  private static String initializeCounter(ProcessKit kit, Path instance) throws Exception {
    return FailuresIT.start(kit, instance, 2, 1);
  }

  /** Reissues every node's certificate in place and waits until each node presents its new one. */
  private static void reissueNodeCertificates(
      ProcessKit kit, TlsCredentials admin, List<String> nodes, Path tls) throws Exception {
    for (String node : nodes) {
      certs(kit, "create-node", node, "--dir", tls.toString());
      awaitPresents(admin, node, tls);
    }
  }

  /**
   * CA rollover, step 1: creates a new CA in {@code next} and its admin, trusted beside the old CA;
   * waits until every node answers the new CA's admin.
   */
  private static void trustANextCaBesideTheOld(
      ProcessKit kit, Path tls, Path next, List<String> nodes) throws Exception {
    certs(kit, "create-ca", "--dir", next.toString(), "--name", "next CA");
    certs(kit, "create-client", TlsCredentials.ADMIN_NAME, "--dir", next.toString());
    replace(
        tls.resolve("ca.pem"),
        Files.readString(tls.resolve("ca.pem")) + Files.readString(next.resolve("ca.crt")));
    // A client of the new CA that trusts the nodes' current (old-CA) certificates too.
    TlsCredentials probe =
        new TlsCredentials(
            tls.resolve("ca.pem"), next.resolve("admin.pem"), next.resolve("admin.key"));
    for (String node : nodes) {
      awaitAnswer(probe, node, true);
    }
  }

  /** Increments in a loop, a new client (new TLS connections) every 25 calls. */
  static final class Load {
    final String bootstrap;
    final TlsCredentials admin;
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean stop;

    Load(String bootstrap, TlsCredentials admin) {
      this.bootstrap = bootstrap;
      this.admin = admin;
    }

    void run() {
      ClientOptions options =
          ClientOptions.defaults().withTls(admin).withCallTimeout(Duration.ofSeconds(60));
      try {
        while (!stop) {
          try (ConcoordClient client = ConcoordClient.connect(bootstrap, options)) {
            for (int i = 0; i < 25 && !stop; i++) {
              client.invokeRaw("increment", ValueCodec.encodeArgs());
              acknowledged.incrementAndGet();
            }
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    void awaitCalls(long count) throws Exception {
      // the load thread's progress
      Poll.until(DEADLINE_SECONDS, 50, () -> acknowledged.get() >= count || failure.get() != null);
      assertEquals(null, failure.get(), "no call failed");
      assertTrue(acknowledged.get() >= count, "the load went on: " + acknowledged.get());
    }
  }

  static void certs(ProcessKit kit, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessKit.CONCOORD.toString(), "certs"));
    command.addAll(List.of(args));
    ProcessKit.Result result = kit.run(60, command.toArray(new String[0]));
    assertEquals(0, result.exitCode(), result.output());
  }

  /** Written beside and moved over: a reader sees the old file or the new one. */
  static void replace(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Polls until {@code node} presents the certificate now in its file. */
  static void awaitPresents(TlsCredentials client, String node, Path tls) throws Exception {
    BigInteger wanted =
        TlsCredentials.certificates(tls.resolve(CertificateAuthority.nodeName(node) + ".pem"))
            .get(0)
            .getSerialNumber();
    BigInteger[] seen = new BigInteger[1];
    // the node rereads its files at most once a second
    Poll.await(
        DEADLINE_SECONDS,
        200,
        () -> node + " still presents " + seen[0] + ", not " + wanted,
        () -> {
          try (SSLSocket socket = RawFrames.secureTo(client, node)) {
            seen[0] =
                ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
          } catch (IOException e) {
            seen[0] = null; // e.g. the client's own credentials changing under it: try again
          }
          return wanted.equals(seen[0]);
        });
  }

  /** Polls until {@code node} answers a StatusRequest from {@code client} (or refuses it). */
  static void awaitAnswer(TlsCredentials client, String node, boolean answers) throws Exception {
    Poll.await(
        DEADLINE_SECONDS,
        200,
        () -> node + (answers ? " never answered " : " still answers ") + client.certificateFile(),
        () -> {
          boolean answered;
          try (SSLSocket socket = RawFrames.secureTo(client, node)) {
            RawFrames.write(socket, MessageCodec.encode(new StatusRequest()));
            answered = RawFrames.read(socket) instanceof StatusReply;
          } catch (IOException e) {
            answered = false;
          }
          return answered == answers;
        });
  }
}
