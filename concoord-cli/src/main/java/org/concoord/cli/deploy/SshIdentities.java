package org.concoord.cli.deploy;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.SSHAgentConnector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the SSH deployment's identities come from: a running ssh-agent ({@code SSH_AUTH_SOCK})
 * holding at least one key, unless a key file is named with {@code --ssh-key}; else the key files,
 * a passphrase-protected one decrypted with {@code $CONCOORD_SSH_PASSPHRASE}. The passphrase is
 * never written anywhere; the agent's keys never leave the agent.
 */
final class SshIdentities {
  static final String PASSPHRASE_VARIABLE = "CONCOORD_SSH_PASSPHRASE";

  private SshIdentities() {}

  /** Loads the identities into {@code jsch}; returns what was used, in words. */
  static String load(
      JSch jsch, SshSettings settings, String label, String agentSocket, String passphrase)
      throws DeployException {
    if (settings.key() == null && agentSocket != null && !agentSocket.isBlank()) {
      String agent = fromAgent(jsch, Path.of(agentSocket));
      if (agent != null) {
        return agent;
      }
    }
    List<Path> keys = settings.keys();
    if (keys.isEmpty()) {
      throw new DeployException(
          label,
          "connect",
          "no private key: give --ssh-key FILE, or run"
              + " ssh-agent with a key (none of id_ed25519, id_ecdsa, id_rsa is in "
              + SshSettings.SSH_DIR
              + ")");
    }
    for (Path key : keys) {
      addKey(jsch, key, label, passphrase);
    }
    return "the key " + keys;
  }

  /** The agent's keys, or null if no agent answers there or it holds none. */
  private static String fromAgent(JSch jsch, Path socket) {
    try {
      SSHAgentConnector connector = new SSHAgentConnector(socket);
      if (!connector.isAvailable()) {
        return null;
      }
      AgentIdentityRepository agent = new AgentIdentityRepository(connector);
      int count = agent.getIdentities().size();
      if (count == 0) {
        return null;
      }
      jsch.setIdentityRepository(agent);
      return "the " + count + " key(s) of ssh-agent at " + socket;
    } catch (AgentProxyException | RuntimeException e) {
      return null; // no usable agent: the key files
    }
  }

  private static void addKey(JSch jsch, Path key, String label, String passphrase)
      throws DeployException {
    if (!Files.isReadable(key)) {
      throw new DeployException(label, "connect", "cannot read the private key " + key);
    }
    try {
      KeyPair pair = KeyPair.load(jsch, key.toString());
      boolean encrypted = pair.isEncrypted();
      if (encrypted && (passphrase == null || passphrase.isEmpty())) {
        pair.dispose();
        throw new DeployException(
            label,
            "connect",
            "the private key "
                + key
                + " has a"
                + " passphrase: load it into ssh-agent (ssh-add), or give the passphrase in $"
                + PASSPHRASE_VARIABLE);
      }
      if (encrypted && !pair.decrypt(passphrase.getBytes(StandardCharsets.UTF_8))) {
        pair.dispose();
        throw new DeployException(
            label,
            "connect",
            "the passphrase in $"
                + PASSPHRASE_VARIABLE
                + " does not decrypt the private key "
                + key);
      }
      pair.dispose();
      if (encrypted) {
        jsch.addIdentity(key.toString(), passphrase);
      } else {
        jsch.addIdentity(key.toString());
      }
    } catch (JSchException e) {
      throw new DeployException(
          label, "connect", "cannot use the private key " + key + " (" + e.getMessage() + ")", e);
    }
  }
}
