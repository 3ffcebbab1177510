package org.concoord.core.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Replica -> the other replicas of the view: "after executing slot {@code slot}, the SHA-256 of my
 * replicated state (object, sessions, views, clock, state size) is {@code digest}". Sent at agreed
 * slots (multiples of the digest interval); a replica whose digest differs from the one a majority
 * of the view's replicas sent has diverged: it stops serving and recovers from a snapshot of one of
 * them. No fsync.
 */
public record StateDigest(long slot, byte[] digest) implements Message {
  /** Bytes of a SHA-256 digest. */
  public static final int DIGEST_BYTES = 32;

  public StateDigest {
    if (slot < 1) {
      throw new IllegalArgumentException("slot must be >= 1: " + slot);
    }
    Objects.requireNonNull(digest, "digest");
    if (digest.length != DIGEST_BYTES) {
      throw new IllegalArgumentException(
          "a digest has " + DIGEST_BYTES + " bytes, got " + digest.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDigest d && slot == d.slot && Arrays.equals(digest, d.digest);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(slot) * 31 + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "StateDigest[slot " + slot + ", " + HexFormat.of().formatHex(digest, 0, 6) + "...]";
  }
}
