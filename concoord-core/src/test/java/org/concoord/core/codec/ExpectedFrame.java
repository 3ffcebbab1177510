package org.concoord.core.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Builds the frame that {@code docs/protocol.md} prescribes, field by field, with the JDK's
 * DataOutputStream (big-endian) instead of {@link WireWriter}: an oracle that shares no code with
 * the encoder it checks.
 */
final class ExpectedFrame {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(body);

  private ExpectedFrame() {}

  /** A frame of format version 1 with {@code tag}. */
  static ExpectedFrame tag(int tag) {
    return new ExpectedFrame().u8(1).u8(tag);
  }

  ExpectedFrame u8(int value) {
    return run(() -> out.writeByte(value));
  }

  ExpectedFrame u32(long value) {
    return run(() -> out.writeInt((int) value));
  }

  ExpectedFrame i64(long value) {
    return run(() -> out.writeLong(value));
  }

  /** u16 byte count, then UTF-8. */
  ExpectedFrame text(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return run(
        () -> {
          out.writeShort(utf8.length);
          out.write(utf8);
        });
  }

  /** u32 byte count, then the bytes. */
  ExpectedFrame bytes(byte[] value) {
    return run(
        () -> {
          out.writeInt(value.length);
          out.write(value);
        });
  }

  /** Bytes as they are, no count. */
  ExpectedFrame raw(int... values) {
    for (int value : values) {
      u8(value);
    }
    return this;
  }

  ExpectedFrame ballot(long round, String leader) {
    return i64(round).text(leader);
  }

  /** The length prefix (bytes after it), then everything written so far. */
  byte[] frame() {
    byte[] fields = body.toByteArray();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    DataOutputStream prefix = new DataOutputStream(frame);
    try {
      prefix.writeInt(fields.length);
      prefix.write(fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return frame.toByteArray();
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private ExpectedFrame run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
