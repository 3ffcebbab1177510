package org.concoord.client.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concoord.client.ClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens as a client holds them: made, hashed, read from a file, found by a proxy. */
class BearerTokenTest {
  @TempDir Path dir;

  @Test
  void aTokenIs32RandomBytesAndItsHashIsWhatThePolicyKeeps() {
    String token = BearerToken.generate();
    assertEquals(43, token.length());
    assertNotEquals(token, BearerToken.generate());
    String hash = BearerToken.hashHex(token);
    assertEquals(64, hash.length());
    assertEquals(hash, BearerToken.hashHex(token));
    assertThrows(IllegalArgumentException.class, () -> BearerToken.hashHex("short"));
    assertThrows(IllegalArgumentException.class, () -> BearerToken.hashHex("!".repeat(43)));
    assertEquals(token, BearerToken.ofHello(BearerToken.HELLO_PREFIX + token));
    assertNull(BearerToken.ofHello("127.0.0.1:14123"));
  }

  @Test
  void aProxysOneArgumentConstructorFindsTheTokenFileOfTheEnvironment() throws IOException {
    String token = BearerToken.generate();
    Path file = Files.writeString(dir.resolve("carol.token"), token + "\n");
    Files.writeString(dir.resolve("bad.token"), "not a token");
    System.setProperty("concoord.tls.dir", dir.toString());
    System.setProperty("concoord.token.file", file.toString());
    try {
      // ClientOptions.defaults() is what a generated proxy's one-argument constructor uses.
      TlsCredentials found = ClientOptions.defaults().tls();
      assertEquals(token, found.token());
      assertEquals(dir.resolve(TlsCredentials.CA_FILE), found.caFile());
      System.setProperty("concoord.token.file", dir.resolve("bad.token").toString());
      assertThrows(IllegalStateException.class, TlsCredentials::discover);
    } finally {
      System.clearProperty("concoord.tls.dir");
      System.clearProperty("concoord.token.file");
    }
    assertEquals(
        null,
        TlsCredentials.discover() == null ? null : TlsCredentials.discover().token(),
        "without the variable, no token");
  }
}
