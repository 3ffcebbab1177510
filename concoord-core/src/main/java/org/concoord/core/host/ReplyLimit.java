package org.concoord.core.host;

import java.util.Arrays;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;

/**
 * Replies larger than a frame can carry. The call ran and its effect stays (on every replica
 * alike); only its result cannot travel, so the client gets an EXCEPTION reply naming {@link
 * #TOO_LARGE}, the size and the bound instead (docs/client.md). Deterministic: every replica caps
 * the same replies, and caches the capped one.
 */
public final class ReplyLimit {
  /** The exception class an over-large reply is reported as (the client cannot load it). */
  public static final String TOO_LARGE = "org.concoord.ReplyTooLargeException";

  private ReplyLimit() {}

  /** {@code response}, or the error that replaces it if its payload is over the bound. */
  public static Response cap(Response response) {
    if (response == null || response.payload().length <= WireSizes.REPLY_PAYLOAD_BYTES_MAX) {
      return response;
    }
    return new Response(Outcome.EXCEPTION, tooLarge(response.payload().length));
  }

  /**
   * The EXCEPTION payload for a result whose encoding passed the bound at {@code bytes} and was
   * stopped there (ObjectHost encodes a result only up to the bound).
   */
  public static byte[] tooLargeAtLeast(long bytes) {
    return ValueCodec.encode(
        Arrays.asList(
            TOO_LARGE,
            "the reply is more than "
                + (bytes - 1)
                + " bytes, over the bound of "
                + WireSizes.REPLY_PAYLOAD_BYTES_MAX
                + " bytes a reply may carry (its encoding stopped there); the call's effect stands"));
  }

  /** The EXCEPTION payload for a result of {@code bytes}. */
  public static byte[] tooLarge(long bytes) {
    return ValueCodec.encode(
        Arrays.asList(
            TOO_LARGE,
            "the reply is "
                + bytes
                + " bytes, over the bound of "
                + WireSizes.REPLY_PAYLOAD_BYTES_MAX
                + " bytes a reply may carry; the call's effect stands"));
  }
}
