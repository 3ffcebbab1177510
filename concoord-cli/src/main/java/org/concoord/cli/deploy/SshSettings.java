package org.concoord.cli.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How a deployment reaches its hosts over SSH: the user, the private key, the port, the known_hosts
 * file and whether a host not in it is accepted on first contact, the Java command on the hosts and
 * the directory deployments go to there. A host line of the hosts file may override the user, the
 * port and the Java command. Recorded in the deployment file so that {@code stop} and {@code
 * addnode} reach the same hosts the same way.
 */
public record SshSettings(
    String user,
    Path key,
    int port,
    Path knownHosts,
    boolean acceptNewHostKeys,
    String java,
    String remoteDir) {
  static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  static final Path SSH_DIR = Path.of(System.getProperty("user.home"), ".ssh");

  /** {@code user} null: the local user name; {@code key} null: the usual files in ~/.ssh. */
  public SshSettings {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSH port " + port + " is not in 1-65535");
    }
    knownHosts = knownHosts != null ? knownHosts : SSH_DIR.resolve("known_hosts");
    java = java != null ? java : "java";
    remoteDir = remoteDir != null ? remoteDir : ".concoord-remote";
  }

  String userFor(HostsFile.Host host) {
    return host.user() != null
        ? host.user()
        : user != null ? user : System.getProperty("user.name");
  }

  int portFor(HostsFile.Host host) {
    return host.sshPort() != 0 ? host.sshPort() : port;
  }

  String javaFor(HostsFile.Host host) {
    return host.java() != null ? host.java() : java;
  }

  /** The private keys to offer: the one given, or those of ~/.ssh that exist. */
  List<Path> keys() {
    if (key != null) {
      return List.of(key);
    }
    List<Path> found = new ArrayList<>();
    for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
      if (Files.isRegularFile(SSH_DIR.resolve(name))) {
        found.add(SSH_DIR.resolve(name));
      }
    }
    return found;
  }

  void store(Properties properties) {
    if (user != null) {
      properties.setProperty("ssh.user", user);
    }
    if (key != null) {
      properties.setProperty("ssh.key", key.toAbsolutePath().toString());
    }
    properties.setProperty("ssh.port", Integer.toString(port));
    properties.setProperty("ssh.known-hosts", knownHosts.toAbsolutePath().toString());
    properties.setProperty("ssh.java", java);
    properties.setProperty("ssh.remote-dir", remoteDir);
  }

  static SshSettings load(Properties properties) {
    String key = properties.getProperty("ssh.key");
    return new SshSettings(
        properties.getProperty("ssh.user"),
        key == null ? null : Path.of(key),
        Integer.parseInt(properties.getProperty("ssh.port", "22")),
        Path.of(properties.getProperty("ssh.known-hosts")),
        false, // accept-new is for the command that was given it, never for later ones
        properties.getProperty("ssh.java"),
        properties.getProperty("ssh.remote-dir"));
  }
}
