package org.concoord.core.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked big-endian cursor over one frame. Every read checks the bytes left first, and
 * every length it returns has been checked against its bound and against the bytes left, so the
 * caller may allocate that many. A violation throws {@link Malformed}, which the codec turns into
 * {@link Decoded.Error}; it never escapes the package.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class WireReader {
  /**
   * Bad input, not a bug: thrown without a stack trace, because a peer can make us throw it at will
   * and a stack trace per garbage frame would cost more than the frame.
   */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  private final ByteBuffer buffer;
  private final int frameOffsetOfStart;
  private final int start;

  /**
   * Reads {@code buffer} from its position to its limit (and moves its position). {@code
   * frameOffset} is the offset of that position in the frame, so that errors name frame offsets.
   */
  WireReader(ByteBuffer buffer, int frameOffset) {
    this.buffer = buffer.order(ByteOrder.BIG_ENDIAN);
    this.frameOffsetOfStart = frameOffset;
    this.start = buffer.position();
  }

  int remaining() {
    return buffer.remaining();
  }

  /** Offset of the next byte from the start of the frame (its length prefix). */
  int frameOffset() {
    return frameOffsetOfStart + buffer.position() - start;
  }

  Malformed malformed(String reason) {
    return new Malformed(reason + " (at byte " + frameOffset() + ")");
  }

  int readU8(String field) {
    need(1, field);
    return buffer.get() & 0xFF;
  }

  int readU16(String field) {
    need(2, field);
    return buffer.getShort() & 0xFFFF;
  }

  long readI64(String field) {
    need(8, field);
    return buffer.getLong();
  }

  /** Reads 0 or 1; any other byte is an error, so each value has exactly one encoding. */
  boolean readBool(String field) {
    int value = readU8(field);
    if (value > 1) {
      throw malformed(field + " must be 0 or 1, is " + value);
    }
    return value == 1;
  }

  /**
   * Reads a u32 element count and checks it against {@code countMax} and against the bytes left,
   * given that each element takes at least {@code elementBytesMin}: a count that cannot fit is
   * refused before the caller sizes a list by it.
   */
  int readCount(String field, int countMax, int elementBytesMin) {
    need(4, field);
    long count = Integer.toUnsignedLong(buffer.getInt());
    if (count > countMax) {
      throw malformed(field + " count " + count + " exceeds bound " + countMax);
    }
    if (count * elementBytesMin > buffer.remaining()) {
      throw malformed(
          String.format(
              "%s count %d needs at least %d bytes, %d left",
              field, count, count * elementBytesMin, buffer.remaining()));
    }
    return (int) count;
  }

  /** Reads a u32 byte count, then that many bytes. */
  byte[] readBytes(String field, int lengthMax) {
    need(4, field);
    long length = Integer.toUnsignedLong(buffer.getInt());
    if (length > lengthMax) {
      throw malformed(field + " length " + length + " exceeds bound " + lengthMax);
    }
    need(length, field);
    byte[] value = new byte[(int) length];
    buffer.get(value);
    return value;
  }

  /**
   * Reads a u16 byte count, then that many bytes of strict UTF-8: malformed, overlong and surrogate
   * encodings are errors, so each string has exactly one encoding.
   */
  String readUtf8(String field, int bytesMax) {
    int length = readU16(field);
    if (length > bytesMax) {
      throw malformed(field + " length " + length + " exceeds bound " + bytesMax);
    }
    need(length, field);
    if (buffer.hasArray()
        && isAscii(buffer.array(), buffer.arrayOffset() + buffer.position(), length)) {
      // The common case (addresses, method names): one copy, no decoder.
      String value =
          new String(
              buffer.array(),
              buffer.arrayOffset() + buffer.position(),
              length,
              StandardCharsets.ISO_8859_1);
      buffer.position(buffer.position() + length);
      return value;
    }
    ByteBuffer bytes = buffer.slice().limit(length);
    try {
      String value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
      buffer.position(buffer.position() + length);
      return value;
    } catch (CharacterCodingException e) {
      throw malformed(field + " is not valid UTF-8");
    }
  }

  private void need(long bytes, String field) {
    if (bytes > buffer.remaining()) {
      throw malformed(
          "truncated: " + field + " needs " + bytes + " bytes, " + buffer.remaining() + " left");
    }
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
