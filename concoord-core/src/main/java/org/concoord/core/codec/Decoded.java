package org.concoord.core.codec;

import java.util.Objects;

/**
 * The result of decoding one frame: the value, or why the bytes are not one. Decoding never throws
 * for bad input; a caller that gets an {@link Error} drops the frame (or the connection).
 *
 * @param <T> what the frame holds: a {@code Message}, a {@code DurableWrite} or a {@code Batch}
 */
public sealed interface Decoded<T> {
  /** The frame held {@code value}, and nothing else. */
  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The frame was malformed; {@code reason} names the field and the offset where it went wrong. */
  record Error<T>(String reason) implements Decoded<T> {
    public Error {
      Objects.requireNonNull(reason, "reason");
    }
  }

  default boolean isOk() {
    return this instanceof Ok;
  }
}
