package org.concoord.core.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of an instance's object code: the binary name of its default class and the jar's
 * bytes, named by the SHA-256 of those bytes. The code a replica was started with (its command
 * line's, equal on every replica by the join fingerprint check) is {@link #GENESIS}: no bytes, the
 * replica has it already.
 */
public record CodeVersion(String className, byte[] jar, String digest) {
  /** The digest that names the code the instance was started with. */
  public static final String GENESIS_DIGEST = "genesis";

  /** The code every replica was started with. */
  public static final CodeVersion GENESIS = new CodeVersion("", new byte[0], GENESIS_DIGEST);

  public CodeVersion {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(digest, "digest");
  }

  /** A version of {@code jar}'s bytes, its digest computed here. */
  public static CodeVersion of(String className, byte[] jar) {
    return new CodeVersion(className, jar.clone(), digestOf(jar));
  }

  /** Hex SHA-256 of {@code bytes}. */
  public static String digestOf(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public boolean isGenesis() {
    return digest.equals(GENESIS_DIGEST);
  }

  /** The digest shortened for messages (12 hex digits), or "genesis". */
  public String shortDigest() {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodeVersion v
        && className.equals(v.className)
        && digest.equals(v.digest)
        && Arrays.equals(jar, v.jar);
  }

  @Override
  public int hashCode() {
    return Objects.hash(className, digest);
  }

  @Override
  public String toString() {
    return isGenesis()
        ? "the instance's original code"
        : className + " (code " + shortDigest() + ", " + jar.length + " bytes)";
  }
}
