package org.concoord.core.codec;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A growable big-endian byte buffer that encoders append to. Reusable: {@link #clear()} keeps the
 * storage, so a connection that encodes into one writer allocates only while its frames grow.
 * Several frames may be appended back to back and written to a socket in one call.
 *
 * <p>A counting writer ({@link #counting()}) keeps no bytes and only counts them: encoding a
 * message into one first gives its exact size, so that the frame is then written once into an array
 * of exactly that size ({@link MessageCodec#encode(org.concoord.core.message.Message)}). A growing
 * buffer would instead hold up to twice the frame, plus the copy that trims it: three times a 15
 * MiB value, for every large message a node sends.
 *
 * <p>Not thread-safe. Does no I/O.
 */
public final class WireWriter {
  private static final int CAPACITY_DEFAULT = 256;

  /** Largest array the JVM reliably allocates (some reserve header words in the array). */
  private static final int CAPACITY_MAX = Integer.MAX_VALUE - 8;

  /**
   * A capped writer's growth past its cap. Preallocated, without a stack trace: it is how the
   * encoders learn that a frame is large, not an error.
   */
  static final class CapExceeded extends RuntimeException {
    static final CapExceeded INSTANCE = new CapExceeded();

    private CapExceeded() {
      super("a capped writer's cap was reached", null, false, false);
    }
  }

  /** Where a streaming writer ({@link #streaming}) hands its bytes as its buffer fills. */
  public interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  /** Null in a counting writer. */
  private byte[] bytes;

  private int size;

  /** Most bytes a capped writer holds before it throws {@link CapExceeded}. */
  private final int cap;

  /** Null unless streaming: then {@link #bytes} is a buffer emptied into it. */
  private final Sink sink;

  private WireWriter(Void counting) {
    bytes = null;
    cap = CAPACITY_MAX;
    sink = null;
  }

  private WireWriter(int capacity, int cap) {
    bytes = new byte[capacity];
    this.cap = cap;
    sink = null;
  }

  private WireWriter(int capacity, Sink sink) {
    bytes = new byte[Math.max(16, capacity)];
    cap = CAPACITY_MAX;
    this.sink = java.util.Objects.requireNonNull(sink, "sink");
  }

  /**
   * A writer that keeps nothing: its bytes go to {@code sink} in order through a buffer of {@code
   * bufferBytes} (a larger value straight), the rest at {@link #flush}. For an encoding looked at
   * once, as by a digest: no array of its size is made. Cannot be patched or read.
   */
  public static WireWriter streaming(int bufferBytes, Sink sink) {
    return new WireWriter(bufferBytes, sink);
  }

  /** A streaming writer's buffered bytes go to its sink (nothing happens in other writers). */
  public void flush() {
    if (sink != null && size > 0) {
      sink.accept(bytes, 0, size);
      size = 0;
    }
  }

  /** Frames up to this size are written once into a growing buffer and trimmed by a copy. */
  static final int SMALL_BYTES_MAX = 64 << 10;

  private static final int SMALL_BYTES_INITIAL = 512;

  /**
   * What {@code write} writes, in an array of exactly its size. Up to {@link #SMALL_BYTES_MAX}
   * bytes it is written once into a growing buffer (which throws {@link CapExceeded} rather than
   * grow past that) and trimmed; past it, counted first (cheap: no bytes are copied) and then
   * written once into an array of exactly its size, so that a large frame or snapshot part costs
   * its own size, not a doubling buffer and the copy that trims it. Counting small ones too cost
   * the leader a second encoding of every message (docs/performance.md, "The wave's cost, found and
   * paid back").
   */
  static byte[] exact(Consumer<WireWriter> write) {
    WireWriter small = new WireWriter(SMALL_BYTES_INITIAL, SMALL_BYTES_MAX);
    try {
      write.accept(small);
      return small.toExactArray();
    } catch (CapExceeded large) {
      WireWriter counted = counting();
      write.accept(counted);
      WireWriter out = new WireWriter(Math.max(1, counted.size()));
      write.accept(out);
      return out.toExactArray();
    }
  }

  /** A writer that keeps nothing and counts the bytes written to it ({@link #size()}). */
  public static WireWriter counting() {
    return new WireWriter((Void) null);
  }

  public WireWriter() {
    this(CAPACITY_DEFAULT);
  }

  public WireWriter(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    bytes = new byte[capacity];
    cap = CAPACITY_MAX;
    sink = null;
  }

  /** Bytes written since the last {@link #clear()}. */
  public int size() {
    return size;
  }

  /** Forgets the content, keeps the storage. */
  public void clear() {
    size = 0;
  }

  /** The backing array; bytes {@code [0, size())} are the content. Valid until the next write. */
  public byte[] array() {
    requireBytes();
    return bytes;
  }

  /**
   * A read-mode view of the content (position 0, limit {@code size()}); valid until the next write.
   */
  public ByteBuffer buffer() {
    requireBytes();
    return ByteBuffer.wrap(bytes, 0, size).slice();
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    requireBytes();
    return Arrays.copyOf(bytes, size);
  }

  /**
   * The content without a copy when the storage is exactly full (sized by a counting pass), else a
   * copy. The writer must not be written to again: its array may now be the caller's.
   */
  byte[] toExactArray() {
    requireBytes();
    return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
  }

  private void requireBytes() {
    if (bytes == null) {
      throw new IllegalStateException("a counting writer keeps no bytes");
    }
    requireKept();
  }

  private void requireKept() {
    if (sink != null) {
      throw new IllegalStateException("a streaming writer keeps no bytes");
    }
  }

  public void writeU8(int value) {
    if (!ensure(1)) {
      return;
    }
    bytes[size++] = (byte) value;
  }

  public void writeU16(int value) {
    if (!ensure(2)) {
      return;
    }
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
  }

  public void writeI32(int value) {
    if (!ensure(4)) {
      return;
    }
    putI32(size, value);
    size += 4;
  }

  public void writeI64(long value) {
    if (!ensure(8)) {
      return;
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  public void writeBool(boolean value) {
    writeU8(value ? 1 : 0);
  }

  /** Writes {@code value} as a u32 length, then the bytes. */
  public void writeBytes(byte[] value, int lengthMax, String field) {
    if (value.length > lengthMax) {
      throw new IllegalArgumentException(
          field + " is " + value.length + " bytes, more than " + lengthMax);
    }
    if (sink != null && value.length > bytes.length / 2) {
      writeI32(value.length);
      flush();
      sink.accept(value, 0, value.length); // straight through, not copied into the buffer
      return;
    }
    if (!ensure(4 + value.length)) {
      return;
    }
    writeI32(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /**
   * Writes a u32 length, then the {@code length} bytes {@code writer} writes to the stream it is
   * given, straight into this writer's storage (a counting writer only counts {@code length} and
   * does not call it).
   *
   * @throws IllegalStateException if {@code writer} writes another number of bytes
   */
  public void writeStreamed(
      long length, int lengthMax, String field, Consumer<OutputStream> writer) {
    if (length < 0 || length > lengthMax) {
      throw new IllegalArgumentException(
          field + " is " + length + " bytes, more than " + lengthMax);
    }
    if (!ensure(4 + (int) length)) {
      return;
    }
    writeI32((int) length);
    int start = size;
    int end = start + (int) length;
    writer.accept(
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            if (len > end - size) {
              throw new IllegalStateException(
                  field + ": more than the " + length + " bytes counted");
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
          }
        });
    if (size != end) {
      throw new IllegalStateException(
          field + ": " + (size - start) + " bytes written, " + length + " counted");
    }
  }

  /**
   * Writes {@code value} as a u16 byte count, then its UTF-8 bytes. Rejects an unpaired surrogate,
   * which has no UTF-8 form: encoding it lossily would make the peer decode a different string.
   */
  public void writeUtf8(String value, int bytesMax, String field) {
    int length = Utf8.length(value, field);
    if (length > bytesMax || length > 0xFFFF) {
      throw new IllegalArgumentException(
          field + " is " + length + " UTF-8 bytes, more than " + Math.min(bytesMax, 0xFFFF));
    }
    if (!ensure(2 + length)) {
      return;
    }
    writeU16(length);
    size = Utf8.encode(value, bytes, size);
  }

  /** Overwrites the four bytes at {@code offset} (a length prefix reserved earlier). */
  public void patchI32(int offset, int value) {
    requireKept();
    if (offset < 0 || offset + 4 > size) {
      throw new IndexOutOfBoundsException("patch at " + offset + " outside 0.." + size);
    }
    if (bytes != null) {
      putI32(offset, value);
    }
  }

  /** Drops everything after the first {@code newSize} bytes (undoes a frame that failed). */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IndexOutOfBoundsException("truncate to " + newSize + " outside 0.." + size);
    }
    size = newSize;
  }

  private void putI32(int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }

  /**
   * Makes room for {@code more} bytes; false in a counting writer, which has counted them instead
   * (the caller then writes nothing).
   */
  private boolean ensure(int more) {
    long needed = (long) size + more;
    if (needed > CAPACITY_MAX) {
      throw new FrameTooLongException(needed);
    }
    if (bytes == null) {
      size = (int) needed;
      return false;
    }
    if (needed <= bytes.length) {
      return true;
    }
    if (sink != null) {
      flush();
      if (more > bytes.length) {
        bytes = new byte[more]; // one value larger than the buffer (a streamed part): rare
      }
      return true;
    }
    if (needed > cap) {
      throw CapExceeded.INSTANCE;
    }
    long doubled = Math.min(2L * bytes.length, cap);
    bytes = Arrays.copyOf(bytes, (int) Math.max(needed, doubled));
    return true;
  }
}
