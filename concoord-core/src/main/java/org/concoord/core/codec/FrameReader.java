package org.concoord.core.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Message;

/**
 * Cuts frames off a byte stream (a TCP connection, a log file) that arrives in arbitrary pieces.
 * The caller keeps a buffer in read mode (flipped), calls {@link #next} until it returns {@link
 * Result.NeedMore}, then compacts, reads more and flips again.
 *
 * <p>A malformed frame whose length is within bounds is consumed and reported as {@link
 * Result.Ready} with a {@link Decoded.Error}: the stream stays in step, and the caller chooses
 * whether to drop just that frame. A length over {@link WireFormat#FRAME_LENGTH_MAX} is {@link
 * Result.TooLong}: nothing can be trusted after it, so the caller closes that connection.
 *
 * <p>Stateless. Does no I/O.
 */
public final class FrameReader {
  /** What the buffer holds at its position. */
  public sealed interface Result<T> {
    /**
     * Not a whole frame yet: the next frame takes {@code frameBytes} bytes in all (prefix
     * included), or the length prefix is incomplete and {@code frameBytes} is its 4 bytes. The
     * caller's buffer must be able to hold that many. The buffer's position is unchanged.
     */
    record NeedMore<T>(int frameBytes) implements Result<T> {}

    /** One frame was consumed (the position moved past it); here is what it held. */
    record Ready<T>(Decoded<T> decoded) implements Result<T> {}

    /** The next frame claims {@code length} bytes, over the bound. The position is unchanged. */
    record TooLong<T>(long length) implements Result<T> {}
  }

  private FrameReader() {}

  /** The next message frame in {@code buffer}, from its position to its limit. */
  public static Result<Message> next(ByteBuffer buffer) {
    return next(buffer, FrameKind.MESSAGE);
  }

  /** The next durable-write frame in {@code buffer}, from its position to its limit. */
  public static Result<DurableWrite> nextDurableWrite(ByteBuffer buffer) {
    return next(buffer, FrameKind.DURABLE_WRITE);
  }

  private static <T> Result<T> next(ByteBuffer buffer, FrameKind<T> kind) {
    int position = buffer.position();
    if (buffer.remaining() < WireFormat.LENGTH_PREFIX_BYTES) {
      return new Result.NeedMore<>(WireFormat.LENGTH_PREFIX_BYTES);
    }
    ByteBuffer in = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
    long length = Integer.toUnsignedLong(in.getInt(position));
    if (length > WireFormat.FRAME_LENGTH_MAX) {
      return new Result.TooLong<>(length);
    }
    int frameBytes = WireFormat.LENGTH_PREFIX_BYTES + (int) length;
    if (buffer.remaining() < frameBytes) {
      return new Result.NeedMore<>(frameBytes);
    }
    in.position(position + WireFormat.LENGTH_PREFIX_BYTES).limit(position + frameBytes);
    Decoded<T> decoded = MessageCodec.decodeFrameBody(in, kind);
    buffer.position(position + frameBytes);
    return new Result.Ready<>(decoded);
  }
}
