package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys and SSH settings: the review's F8 items on accept-new and key types. */
class SshHostKeysTest {
  @TempDir Path dir;

  static byte[] publicKey(JSch jsch, int type) throws Exception {
    return KeyPair.genKeyPair(jsch, type, type == KeyPair.RSA ? 2048 : 256).getPublicKeyBlob();
  }

  @Test
  void aKnownHostWithAKeyOfAnotherTypeIsRefusedEvenWithAcceptNew() throws Exception {
    JSch jsch = new JSch();
    byte[] recorded = publicKey(jsch, KeyPair.ECDSA);
    Path file = dir.resolve("known_hosts");
    HostKey key = new HostKey("[127.0.0.9]:2222", recorded);
    Files.writeString(file, key.getHost() + " " + key.getType() + " " + key.getKey() + "\n");
    String before = Files.readString(file);
    HostKeys hostKeys = new HostKeys(jsch, file, true);
    assertEquals(HostKeyRepository.OK, hostKeys.check("[127.0.0.9]:2222", recorded));
    assertEquals(
        HostKeyRepository.CHANGED,
        hostKeys.check("[127.0.0.9]:2222", publicKey(jsch, KeyPair.RSA)),
        "another type for a known host is a changed key, not a new one");
    assertEquals(before, Files.readString(file), "nothing was recorded");
    assertEquals(
        HostKeyRepository.OK,
        hostKeys.check("[127.0.0.10]:2222", publicKey(jsch, KeyPair.RSA)),
        "an unknown host is still accepted on first contact with accept-new");
  }

  @Test
  void acceptNewIsNeverSavedForLaterCommands() {
    SshSettings given =
        new SshSettings("deploy", null, 2222, dir.resolve("known_hosts"), true, null, null);
    Properties properties = new Properties();
    given.store(properties);
    assertFalse(properties.toString().contains("accept-new"), properties.toString());
    SshSettings later = SshSettings.load(properties);
    assertFalse(later.acceptNewHostKeys(), "stop and addnode check host keys strictly");
    assertEquals(2222, later.port());
  }
}
