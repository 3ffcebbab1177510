package org.concoord.core.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Message;

/**
 * Encodes messages, durable writes and batches to frames and back. A frame is a u32 big-endian
 * length, then the format version (u8, {@link WireFormat#VERSION}), a type tag (u8) and the fields;
 * the layout of every record is in {@code docs/protocol.md}.
 *
 * <p>Decoding never throws for bad input: it returns {@link Decoded.Error} naming what is wrong,
 * for an unknown version or tag, a length over its bound, truncation, trailing bytes, or a value
 * the record refuses. Encoding throws {@link IllegalArgumentException} (or its subclass {@link
 * FrameTooLongException}) for a value the receiver would refuse, leaving the writer as it was.
 *
 * <p>Stateless and thread-safe (each call uses only its arguments). Does no I/O. For reading frames
 * off a byte stream, see {@link FrameReader}.
 */
public final class MessageCodec {
  /** Offset of the version byte within a frame; the header starts after the length prefix. */
  private static final int VERSION_OFFSET = WireFormat.LENGTH_PREFIX_BYTES;

  private MessageCodec() {}

  /**
   * One frame holding {@code message}, in an array of exactly its size ({@link WireWriter#exact}: a
   * large frame is all the memory it costs, which is what lets a node at its documented heap send a
   * frame of the bound, docs/operations.md).
   */
  public static byte[] encode(Message message) {
    return WireWriter.exact(out -> encode(message, out));
  }

  /** The length of {@link #encode(Message)}'s frame, counted without writing it. */
  public static int encodedSize(Message message) {
    WireWriter counted = WireWriter.counting();
    encode(message, counted);
    return counted.size();
  }

  /** Appends one frame holding {@code message} to {@code out}. */
  public static void encode(Message message, WireWriter out) {
    writeFrame(out, Objects.requireNonNull(message, "message"), MessageEncoder::writeMessage);
  }

  /** One frame holding {@code write}, for the acceptor's write-ahead log. */
  public static byte[] encode(DurableWrite write) {
    return WireWriter.exact(out -> encode(write, out));
  }

  /** Appends one frame holding {@code write} to {@code out}. */
  public static void encode(DurableWrite write, WireWriter out) {
    writeFrame(out, Objects.requireNonNull(write, "write"), MessageEncoder::writeDurableWrite);
  }

  /** One frame holding a bare {@code batch} (tag {@link WireFormat#TAG_BATCH}). */
  public static byte[] encodeBatch(Batch batch) {
    return WireWriter.exact(out -> encodeBatch(batch, out));
  }

  /** Appends one frame holding a bare {@code batch} to {@code out}. */
  public static void encodeBatch(Batch batch, WireWriter out) {
    writeFrame(out, Objects.requireNonNull(batch, "batch"), MessageEncoder::writeBatchFrame);
  }

  /** The message in {@code frame}, which must be exactly one frame. */
  public static Decoded<Message> decode(byte[] frame) {
    return decodeFrame(ByteBuffer.wrap(frame), FrameKind.MESSAGE);
  }

  /**
   * The message in the bytes from {@code frame}'s position to its limit, which must be exactly one
   * frame. Leaves the buffer's position and byte order as they were.
   */
  public static Decoded<Message> decode(ByteBuffer frame) {
    return decodeFrame(frame, FrameKind.MESSAGE);
  }

  public static Decoded<DurableWrite> decodeDurableWrite(byte[] frame) {
    return decodeFrame(ByteBuffer.wrap(frame), FrameKind.DURABLE_WRITE);
  }

  public static Decoded<DurableWrite> decodeDurableWrite(ByteBuffer frame) {
    return decodeFrame(frame, FrameKind.DURABLE_WRITE);
  }

  public static Decoded<Batch> decodeBatch(byte[] frame) {
    return decodeFrame(ByteBuffer.wrap(frame), FrameKind.BATCH);
  }

  public static Decoded<Batch> decodeBatch(ByteBuffer frame) {
    return decodeFrame(frame, FrameKind.BATCH);
  }

  /**
   * Appends the frame of {@code value}: the length (patched in once known), the version, then
   * {@code body}'s tag and fields. On failure the writer is cut back to where it was.
   */
  private static <T> void writeFrame(WireWriter out, T value, BiConsumer<WireWriter, T> body) {
    int start = out.size();
    try {
      out.writeI32(0);
      out.writeU8(WireFormat.VERSION);
      body.accept(out, value);
    } catch (RuntimeException e) {
      out.truncate(start);
      throw e;
    }
    int length = out.size() - start - WireFormat.LENGTH_PREFIX_BYTES;
    if (length > WireFormat.FRAME_LENGTH_MAX) {
      out.truncate(start);
      throw new FrameTooLongException(length);
    }
    out.patchI32(start, length);
  }

  private static <T> Decoded<T> decodeFrame(ByteBuffer frame, FrameKind<T> kind) {
    ByteBuffer in = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
    if (in.remaining() < WireFormat.LENGTH_PREFIX_BYTES) {
      return new Decoded.Error<>(
          "truncated: " + in.remaining() + " bytes, the length prefix alone needs 4");
    }
    long length = Integer.toUnsignedLong(in.getInt());
    if (length > WireFormat.FRAME_LENGTH_MAX) {
      return new Decoded.Error<>(
          "frame length " + length + " exceeds maximum " + WireFormat.FRAME_LENGTH_MAX);
    }
    if (length > in.remaining()) {
      return new Decoded.Error<>(
          "truncated: frame length " + length + " but " + in.remaining() + " bytes follow");
    }
    if (length < in.remaining()) {
      return new Decoded.Error<>(
          (in.remaining() - length) + " trailing bytes after a frame of length " + length);
    }
    return decodeFrameBody(in, kind);
  }

  /**
   * Decodes the frame from {@code in}'s position (its version byte) to its limit (the frame's end),
   * given a length already checked against {@link WireFormat#FRAME_LENGTH_MAX}. Moves {@code in}'s
   * position.
   */
  static <T> Decoded<T> decodeFrameBody(ByteBuffer in, FrameKind<T> kind) {
    WireReader reader = new WireReader(in, VERSION_OFFSET);
    if (reader.remaining() < WireFormat.HEADER_BYTES) {
      return new Decoded.Error<>(
          "frame length " + reader.remaining() + " is below the 2-byte header (version, tag)");
    }
    int version = reader.readU8("version");
    if (version != WireFormat.VERSION) {
      return new Decoded.Error<>(
          "unknown format version " + version + " (this node reads " + WireFormat.VERSION + ")");
    }
    int tag = reader.readU8("tag");
    if (!kind.hasTag.test(tag)) {
      return new Decoded.Error<>("unknown " + kind.name + " tag " + WireFormat.tagName(tag));
    }
    String name = WireFormat.tagName(tag);
    try {
      T value = kind.body.read(tag, reader);
      if (reader.remaining() > 0) {
        return new Decoded.Error<>(
            name
                + ": "
                + reader.remaining()
                + " trailing bytes after the fields (at byte "
                + reader.frameOffset()
                + ")");
      }
      return new Decoded.Ok<>(value);
    } catch (WireReader.Malformed e) {
      return new Decoded.Error<>(name + ": " + e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      // A record constructor refused a decoded value (a negative round, seq 0, an unknown code).
      return new Decoded.Error<>(
          name + ": invalid value before byte " + reader.frameOffset() + ": " + e.getMessage());
    }
  }
}
