package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.concoord.cli.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passphrase-protected keys and a real ssh-agent (review F8). */
class SshIdentitiesTest {
  @TempDir Path dir;

  Path keyWithPassphrase(String passphrase) throws Exception {
    Path key = dir.resolve("id_ecdsa");
    ProcessBuilder keygen =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ecdsa", "-N", passphrase, "-f", key.toString())
            .redirectErrorStream(true);
    Process process = keygen.start();
    assertTrue(
        process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
        new String(process.getInputStream().readAllBytes()));
    return key;
  }

  SshSettings settings(Path key) {
    return new SshSettings("deploy", key, 22, dir.resolve("known_hosts"), false, null, null);
  }

  @Test
  void aPassphraseProtectedKeyIsUsedWithItsPassphraseAndRefusedClearlyWithout() throws Exception {
    Path key = keyWithPassphrase("open sesame");
    JSch jsch = new JSch();
    SshIdentities.load(jsch, settings(key), "h", null, "open sesame");
    assertEquals(1, jsch.getIdentityRepository().getIdentities().size());
    DeployException none =
        assertThrows(
            DeployException.class,
            () -> SshIdentities.load(new JSch(), settings(key), "h", null, null));
    assertTrue(none.getMessage().contains("has a passphrase"), none.getMessage());
    DeployException wrong =
        assertThrows(
            DeployException.class,
            () -> SshIdentities.load(new JSch(), settings(key), "h", null, "wrong"));
    assertTrue(wrong.getMessage().contains("does not decrypt"), wrong.getMessage());
  }

  @Test
  void theKeysOfARunningSshAgentAreUsed() throws Exception {
    Path key = keyWithPassphrase("agent only");
    Path socket = dir.resolve("agent.sock");
    Process agent =
        new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
            .redirectErrorStream(true)
            .start();
    try {
      Poll.until(30, 50, () -> Files.exists(socket)); // the agent's socket
      ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", socket.toString());
      add.environment().put("SSH_ASKPASS_REQUIRE", "force");
      Path askpass = dir.resolve("askpass.sh");
      Files.writeString(askpass, "#!/bin/sh\necho 'agent only'\n");
      askpass.toFile().setExecutable(true);
      add.environment().put("SSH_ASKPASS", askpass.toString());
      add.environment().put("DISPLAY", ":0");
      Process added = add.start();
      added.getOutputStream().close();
      assertTrue(
          added.waitFor(60, TimeUnit.SECONDS) && added.exitValue() == 0,
          new String(added.getInputStream().readAllBytes()));
      JSch jsch = new JSch();
      String used = SshIdentities.load(jsch, settings(null), "h", socket.toString(), null);
      assertTrue(used.contains("ssh-agent"), used);
      assertEquals(1, jsch.getIdentityRepository().getIdentities().size());
    } finally {
      agent.destroyForcibly();
    }
  }
}
