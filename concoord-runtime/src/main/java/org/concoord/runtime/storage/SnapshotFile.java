package org.concoord.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.SnapshotStream;
import org.concoord.core.message.Snapshot;

/**
 * A replica's snapshot file: magic {@code CCSNAP2\n}, the meta part's length (u32), the object's
 * length (u64), the meta part, the object's bytes, a CRC32C (u32) of all that. The object's bytes
 * go from the snapshot's array to the file and back without another copy of the whole, and no frame
 * bound applies: a state of any size is kept.
 */
final class SnapshotFile {
  static final byte[] MAGIC = "CCSNAP2\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 8 + 4 + 8;

  private SnapshotFile() {}

  /** Writes {@code snapshot} to {@code file} and syncs it. */
  static void write(Path file, Snapshot snapshot) throws IOException {
    byte[] meta = SnapshotStream.encodeMeta(snapshot);
    byte[] object = snapshot.object();
    ByteBuffer header =
        ByteBuffer.allocate(HEADER_BYTES)
            .put(MAGIC)
            .putInt(meta.length)
            .putLong(object.length)
            .flip();
    CRC32C crc = new CRC32C();
    crc.update(header.duplicate());
    crc.update(meta);
    crc.update(object);
    ByteBuffer trailer = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
    ByteBuffer[] parts = {header, ByteBuffer.wrap(meta), ByteBuffer.wrap(object), trailer};
    try (FileChannel out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (parts[3].hasRemaining()) {
        out.write(parts);
      }
      out.force(true);
    }
  }

  /**
   * The snapshot in {@code file}, or null if the file is not of this format (the caller then tries
   * the first one).
   *
   * @throws LogCorruptException if it is of this format but damaged
   */
  static Snapshot read(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      if (size < HEADER_BYTES + 4 || readFully(in, header) < HEADER_BYTES) {
        return null;
      }
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        return null;
      }
      long metaLength = Integer.toUnsignedLong(header.getInt());
      long objectLength = header.getLong();
      if (objectLength < 0
          || objectLength > Integer.MAX_VALUE - 8
          || HEADER_BYTES + metaLength + objectLength + 4 != size) {
        throw new LogCorruptException(
            file,
            8,
            "lengths "
                + metaLength
                + " + "
                + objectLength
                + " do not match the file's "
                + size
                + " bytes");
      }
      byte[] meta = new byte[(int) metaLength];
      byte[] object = new byte[(int) objectLength];
      ByteBuffer trailer = ByteBuffer.allocate(4);
      readFully(in, ByteBuffer.wrap(meta));
      readFully(in, ByteBuffer.wrap(object));
      readFully(in, trailer);
      CRC32C crc = new CRC32C();
      crc.update(header.flip());
      crc.update(meta);
      crc.update(object);
      if ((int) crc.getValue() != trailer.flip().getInt()) {
        throw new LogCorruptException(file, size - 4, "checksum mismatch");
      }
      Decoded<Snapshot> decoded = SnapshotStream.decode(meta, object);
      if (!(decoded instanceof Decoded.Ok<Snapshot> ok)) {
        throw new LogCorruptException(file, HEADER_BYTES, "not a snapshot: " + decoded);
      }
      return ok.value();
    }
  }

  private static int readFully(FileChannel in, ByteBuffer into) throws IOException {
    int total = 0;
    while (into.hasRemaining()) {
      int n = in.read(into);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
