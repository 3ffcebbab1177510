package org.concoord.cli.command;

import java.nio.file.Path;
import org.concoord.cli.deploy.SshSettings;
import picocli.CommandLine.Option;

/** The SSH options of {@code initialize --hosts} and {@code addnode --host}. */
final class SshOptions {
  @Option(
      names = "--ssh-user",
      paramLabel = "USER",
      description = "User on the hosts (default: this user; a hosts-file line may say user@host).")
  String user;

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description = "Private key (default: ~/.ssh/id_ed25519, id_ecdsa or id_rsa; no passphrase).")
  Path key;

  @Option(
      names = "--ssh-port",
      paramLabel = "PORT",
      defaultValue = "22",
      description = "SSH port (default ${DEFAULT-VALUE}; a hosts-file line may say host:port).")
  int port;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "Known host keys, OpenSSH's format (default ~/.ssh/known_hosts). A host whose"
              + " key is not there is refused, unless --accept-new-host-keys.")
  Path knownHosts;

  @Option(
      names = "--accept-new-host-keys",
      description =
          "Trust a host with no key in the known hosts file on first contact and add"
              + " its key there (OpenSSH's accept-new); a changed key is still refused.")
  boolean acceptNewHostKeys;

  @Option(
      names = "--java",
      paramLabel = "COMMAND",
      description =
          "Java 17+ on the hosts (default: java on the PATH; a hosts-file line may say"
              + " java=PATH).")
  String java;

  @Option(
      names = "--remote-dir",
      paramLabel = "DIR",
      description =
          "Where deployments go on the hosts, relative to the user's home or absolute"
              + " (default .concoord-remote); each gets a directory of its own there.")
  String remoteDir;

  SshSettings settings() {
    return new SshSettings(user, key, port, knownHosts, acceptNewHostKeys, java, remoteDir);
  }
}
