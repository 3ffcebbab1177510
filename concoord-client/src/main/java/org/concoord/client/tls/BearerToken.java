package org.concoord.client.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A bearer token, the other way for a client to authenticate (besides a client certificate): a
 * 256-bit random secret, written as 43 characters of unpadded base64url, sent over
 * server-authenticated TLS in the client's {@code Hello} ({@code token:SECRET}). The replicated
 * access policy holds only its SHA-256 and the principal it names ({@code concoord acl token}).
 *
 * <p>Stateless; thread-safe.
 */
public final class BearerToken {
  /** How the address of a client's {@code Hello} starts when it carries a token. */
  public static final String HELLO_PREFIX = "token:";

  public static final int SECRET_BYTES = 32;

  /** The largest token file read: a token and some blank space. */
  static final int FILE_BYTES_MAX = 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  private BearerToken() {}

  /** A new token: 32 bytes of a cryptographic random source, base64url without padding. */
  public static String generate() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /**
   * The SHA-256 of the token's secret in lower-case hex, as the policy keeps it.
   *
   * @throws IllegalArgumentException if {@code token} is not 32 bytes in base64url
   */
  public static String hashHex(String token) {
    byte[] secret;
    try {
      secret = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a token is 32 bytes in base64url");
    }
    if (secret.length != SECRET_BYTES) {
      throw new IllegalArgumentException("a token is 32 bytes in base64url");
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The token in {@code file} (surrounding blanks ignored), checked. */
  public static String read(Path file) throws IOException {
    if (Files.size(file) > FILE_BYTES_MAX) {
      throw new IOException(file + " is too large for a token file");
    }
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      hashHex(token);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " holds no token: " + e.getMessage());
    }
    return token;
  }

  /** The token a client's Hello address carries, or null if it carries none. */
  public static String ofHello(String address) {
    return address.startsWith(HELLO_PREFIX) ? address.substring(HELLO_PREFIX.length()) : null;
  }
}
