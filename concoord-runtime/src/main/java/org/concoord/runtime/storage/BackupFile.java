package org.concoord.runtime.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.SnapshotStream;
import org.concoord.core.message.Snapshot;

/**
 * A backup of an instance ({@code concoord snapshot save}): one replica's snapshot of the
 * replicated state after a decided slot, with the slot and view epoch in a header and a SHA-256 of
 * everything before it. The file: magic {@code CCBACKUP}, format version (u32, 1), slot (u64), view
 * epoch (u64), the meta part's length (u32), the object's length (u64), the meta part and the
 * object's bytes ({@link SnapshotStream}, as the replica's own snapshot file), SHA-256 (32 bytes).
 *
 * <p>Nothing read is trusted: every length is checked against the bytes actually there before
 * anything is allocated, the digest before anything is decoded, and the snapshot is decoded by the
 * wire codec (no Java serialization). Each refusal names what is wrong ({@link Damaged}).
 */
public final class BackupFile {
  static final byte[] MAGIC = "CCBACKUP".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_BYTES = 8 + 4 + 8 + 8 + 4 + 8;
  static final int DIGEST_BYTES = 32;

  /** The largest backup: what one array can hold (the snapshot's object is one array). */
  public static final long BYTES_MAX = Integer.MAX_VALUE - 64;

  private BackupFile() {}

  /** A backup read and verified: its snapshot, view epoch and digest (hex). */
  public record Backup(Snapshot snapshot, long viewEpoch, String sha256) {
    public long slot() {
      return snapshot.slot();
    }
  }

  /** A backup refused: the message says what is wrong with it. */
  public static final class Damaged extends IOException {
    private static final long serialVersionUID = 1L;

    Damaged(String message) {
      super(message);
    }
  }

  /** The view epoch of {@code snapshot}: its newest view's. */
  public static long viewEpoch(Snapshot snapshot) {
    return snapshot.views().get(snapshot.views().size() - 1).view().epoch();
  }

  /** Writes {@code snapshot} as a backup to {@code out}; returns its SHA-256 (hex). */
  public static String write(Snapshot snapshot, OutputStream out) throws IOException {
    byte[] meta = SnapshotStream.encodeMeta(snapshot);
    byte[] object = snapshot.object();
    ByteBuffer header =
        ByteBuffer.allocate(HEADER_BYTES)
            .put(MAGIC)
            .putInt(VERSION)
            .putLong(snapshot.slot())
            .putLong(viewEpoch(snapshot))
            .putInt(meta.length)
            .putLong(object.length);
    MessageDigest sha = sha256();
    for (byte[] part : new byte[][] {header.array(), meta, object}) {
      sha.update(part);
      out.write(part);
    }
    byte[] digest = sha.digest();
    out.write(digest);
    return HexFormat.of().formatHex(digest);
  }

  /** The backup in {@code file}, verified; {@link Damaged} naming what is wrong otherwise. */
  public static Backup read(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(java.nio.channels.Channels.newInputStream(in), in.size(), file.toString());
    }
  }

  /**
   * The backup of {@code size} bytes that {@code in} holds ({@code source} names it in errors),
   * verified. Allocates only what the header announces and the size confirms.
   */
  public static Backup read(InputStream in, long size, String source) throws IOException {
    checkSize(in, size, source);
    byte[] headerBytes = in.readNBytes(HEADER_BYTES);
    ByteBuffer header = ByteBuffer.wrap(headerBytes);
    byte[] magic = new byte[MAGIC.length];
    header.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw notBackup(source);
    }
    int version = header.getInt();
    if (version != VERSION) {
      throw new Damaged(
          source
              + " is a backup of format version "
              + version
              + "; this ConCoord"
              + " reads version "
              + VERSION);
    }
    long slot = header.getLong();
    long epoch = header.getLong();
    long metaLength = Integer.toUnsignedLong(header.getInt());
    long objectLength = header.getLong();
    long expected = HEADER_BYTES + metaLength + objectLength + DIGEST_BYTES;
    if (objectLength < 0 || metaLength > size || objectLength > size || expected != size) {
      throw new Damaged(
          source
              + " is cut short or has bytes added: its header announces "
              + metaLength
              + " + "
              + objectLength
              + " bytes of snapshot ("
              + expected
              + " bytes in all), the file has "
              + size);
    }
    byte[] meta = in.readNBytes((int) metaLength);
    byte[] object = in.readNBytes((int) objectLength);
    byte[] recorded = in.readNBytes(DIGEST_BYTES);
    if (recorded.length != DIGEST_BYTES
        || meta.length != metaLength
        || object.length != objectLength) {
      throw new Damaged(source + " ended before the " + size + " bytes it was said to have");
    }
    byte[] computed = verifiedDigest(source, recorded, headerBytes, meta, object);
    Snapshot snapshot = decodeSnapshot(source, meta, object, slot, epoch);
    return new Backup(snapshot, epoch, HexFormat.of().formatHex(computed));
  }

  /**
   * Refuses a backup of {@code size} bytes too short for a header and checksum (or not a backup at
   * all), or too large, before anything is allocated.
   */
  private static void checkSize(InputStream in, long size, String source) throws IOException {
    if (size < HEADER_BYTES + DIGEST_BYTES) {
      byte[] start = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(start, MAGIC)) {
        throw notBackup(source);
      }
      throw new Damaged(
          source
              + " is cut short: "
              + size
              + " bytes, less than a backup's "
              + (HEADER_BYTES + DIGEST_BYTES)
              + "-byte header and checksum");
    }
    if (size > BYTES_MAX) {
      throw new Damaged(
          source + " is " + size + " bytes, over the largest backup (" + BYTES_MAX + ")");
    }
  }

  /** The SHA-256 of the backup's parts, refused unless it is the {@code recorded} one. */
  private static byte[] verifiedDigest(
      String source, byte[] recorded, byte[] headerBytes, byte[] meta, byte[] object)
      throws Damaged {
    MessageDigest sha = sha256();
    sha.update(headerBytes);
    sha.update(meta);
    sha.update(object);
    byte[] computed = sha.digest();
    if (!MessageDigest.isEqual(computed, recorded)) {
      throw new Damaged(
          source
              + " is damaged: its SHA-256 checksum does not match its content"
              + " (recorded "
              + HexFormat.of().formatHex(recorded, 0, 8)
              + "..., computed "
              + HexFormat.of().formatHex(computed, 0, 8)
              + "...)");
    }
    return computed;
  }

  /** The verified parts' snapshot, refused unless it is of the header's slot and view epoch. */
  private static Snapshot decodeSnapshot(
      String source, byte[] meta, byte[] object, long slot, long epoch) throws Damaged {
    Decoded<Snapshot> decoded = SnapshotStream.decode(meta, object);
    if (!(decoded instanceof Decoded.Ok<Snapshot> ok)) {
      throw new Damaged(source + " holds no valid snapshot: " + decoded);
    }
    Snapshot snapshot = ok.value();
    if (snapshot.slot() != slot || viewEpoch(snapshot) != epoch) {
      throw new Damaged(
          source
              + "'s header says slot "
              + slot
              + ", view "
              + epoch
              + ", but its snapshot is of slot "
              + snapshot.slot()
              + ", view "
              + viewEpoch(snapshot));
    }
    return snapshot;
  }

  private static Damaged notBackup(String source) {
    return new Damaged(
        source
            + " is not a ConCoord backup: it does not start with "
            + new String(MAGIC, StandardCharsets.US_ASCII));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
