package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.concoord.cli.Poll;

/**
 * A real OpenSSH server for process-level tests (Debian's openssh-server, installed by .ci/run):
 * generates its host key and a user key pair in a temporary directory, starts {@code /usr/sbin/sshd
 * -D} on one port of several loopback addresses (each address plays one host), and writes a
 * known_hosts file with its key for each of them. Logins are as the user running the tests (root in
 * CI) with the generated key only.
 */
final class SshdKit implements AutoCloseable {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  final Path dir;
  final int port;
  final Path userKey;
  final Path knownHosts;
  private final Process sshd;

  private SshdKit(Path dir, int port, Path userKey, Path knownHosts, Process sshd) {
    this.dir = dir;
    this.port = port;
    this.userKey = userKey;
    this.knownHosts = knownHosts;
    this.sshd = sshd;
  }

  static SshdKit start(Path dir, List<String> addresses) throws Exception {
    assertTrue(Files.isExecutable(SSHD), SSHD + " is missing: apt-get install openssh-server");
    // sshd refuses to start without its privilege separation directory, which Debian's
    // ssh.service makes at boot (RuntimeDirectory=sshd); a machine without systemd lacks it.
    Path privsep = Path.of("/run/sshd");
    if (!Files.isDirectory(privsep)) {
      Files.createDirectories(
          privsep,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
    Files.createDirectories(dir);
    Path hostKey = keyPair(dir, "host_key");
    Path userKey = keyPair(dir, "user_key");
    Files.copy(Path.of(userKey + ".pub"), dir.resolve("authorized_keys"));
    int port = freePort(addresses);
    List<String> config = new ArrayList<>(List.of("Port " + port));
    addresses.forEach(a -> config.add("ListenAddress " + a));
    config.addAll(
        List.of(
            "HostKey " + hostKey,
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PermitRootLogin yes",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PidFile " + dir.resolve("sshd.pid"),
            "Subsystem sftp internal-sftp",
            "MaxStartups 50",
            "MaxSessions 50",
            "LogLevel VERBOSE"));
    Path configFile = dir.resolve("sshd_config");
    Files.write(configFile, config);
    Process sshd =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", configFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    String hostPublic = Files.readString(Path.of(hostKey + ".pub")).trim();
    hostPublic = hostPublic.substring(0, hostPublic.lastIndexOf(' ')); // drop the comment
    List<String> known = new ArrayList<>();
    for (String address : addresses) {
      known.add("[" + address + "]:" + port + " " + hostPublic);
    }
    Path knownHosts = dir.resolve("known_hosts");
    Files.write(knownHosts, known);
    SshdKit kit = new SshdKit(dir, port, userKey, knownHosts, sshd);
    kit.awaitListening(addresses);
    return kit;
  }

  /** A key pair that the server does not know (made once). */
  Path strangerKey() throws Exception {
    Path key = dir.resolve("stranger_key");
    return Files.exists(key) ? key : keyPair(dir, "stranger_key");
  }

  private static Path keyPair(Path dir, String name) throws Exception {
    Path key = dir.resolve(name);
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(keygen.waitFor(30, TimeUnit.SECONDS), "ssh-keygen did not finish");
    assertEquals(0, keygen.exitValue(), new String(keygen.getInputStream().readAllBytes()));
    return key;
  }

  /** A port that nothing listens on at any of the addresses right now. */
  static int freePort(List<String> addresses) throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(addresses.get(0), 0));
        port = probe.getLocalPort();
      }
      boolean free = true;
      for (String address : addresses) {
        try (ServerSocket probe = new ServerSocket()) {
          probe.bind(new InetSocketAddress(address, port));
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return port;
      }
    }
    throw new IOException("no port free on all of " + addresses);
  }

  private void awaitListening(List<String> addresses) throws Exception {
    for (String address : addresses) {
      Poll.await(
          30,
          50,
          () -> "sshd does not listen on " + address + ":" + port + ": " + log(),
          () -> {
            try (Socket probe = new Socket()) {
              probe.connect(new InetSocketAddress(address, port), 1000);
              return true;
            } catch (IOException notYet) {
              assertTrue(sshd.isAlive(), "sshd exited: " + log());
              return false;
            }
          });
    }
  }

  String log() throws IOException {
    Path log = dir.resolve("sshd.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  @Override
  public void close() throws Exception {
    sshd.destroy(); // sshd -D ends its listener on SIGTERM; sessions already ended end too
    if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
      sshd.destroyForcibly();
    }
  }
}
