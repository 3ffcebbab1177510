package org.concoord.runtime.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.concoord.core.NodeId;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.codec.WireWriter;

/**
 * The byte layout of an acceptor's log file ({@code docs/protocol.md}, "The acceptor's log file").
 *
 * <p>The file has a fixed size, chosen when it is created and declared in its header: space past
 * the last record is zeros (a sparse hole). A crash never changes a file's size, so a file whose
 * size differs from its header was cut or grown by something else, and recovery refuses it. And a
 * write torn by a crash leaves zeros where its unwritten sectors are, which is how recovery tells a
 * torn tail from corruption ({@link LogScanner}).
 *
 * <pre>
 * header:  magic "CCACCLOG" (8) | format version u32 | file size u64 | end of the snapshot u64
 *          | node address (u16 length, UTF-8) | CRC32C of the bytes before it u32
 * record:  marker 0xA5 u8 | zero u8 u8 u8 | payload length u32 | group start u32 | CRC32C of the
 *          payload u32 | CRC32C of the 16 bytes before it u32 | payload: one DurableWrite frame
 * </pre>
 *
 * A group commit's records follow one another and each names the offset where its group starts. The
 * snapshot a file starts with is one group, right after the header; each later group starts on a
 * sector boundary (zeros pad the sector before it). The marker makes a record's first byte
 * non-zero, so a zero byte where a record could start means there is none: padding up to the next
 * sector boundary, or the end of the log. Big-endian throughout.
 *
 * <p>Stateless. Does no I/O.
 */
final class LogFormat {
  static final byte[] MAGIC = "CCACCLOG".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  /** Bytes of a record's header (marker, length, group start, payload CRC, header CRC). */
  static final int RECORD_HEADER_BYTES = 20;

  /** A record's first byte; never zero. */
  static final int RECORD_MARKER = 0xA5;

  // Offsets within a record's header.
  static final int LENGTH_AT = 4;
  static final int GROUP_AT = 8;
  static final int PAYLOAD_CRC_AT = 12;
  static final int HEADER_CRC_AT = 16;

  /** Most payload bytes of one record: one codec frame, prefix included. */
  static final int PAYLOAD_BYTES_MAX = WireFormat.LENGTH_PREFIX_BYTES + WireFormat.FRAME_LENGTH_MAX;

  /** Fewest bytes a header can take (an address of one character). */
  static final int HEADER_BYTES_MIN = 8 + 4 + 8 + 8 + 2 + 1 + 4;

  /** Largest log file: recovery maps it whole, and an acceptor's state is far smaller. */
  static final long FILE_BYTES_MAX = 1L << 30;

  /** Sector size assumed for torn writes: a crash persists or loses whole sectors. */
  static final int SECTOR_BYTES = 512;

  private LogFormat() {}

  /** A file's header, as written and as read back. */
  record Header(long fileBytes, long snapshotEnd, NodeId owner, int headerBytes) {}

  static byte[] encodeHeader(long fileBytes, long snapshotEnd, NodeId owner) {
    WireWriter out = new WireWriter();
    for (byte b : MAGIC) {
      out.writeU8(b);
    }
    out.writeI32(VERSION);
    out.writeI64(fileBytes);
    out.writeI64(snapshotEnd);
    out.writeUtf8(owner.address(), WireFormat.ADDRESS_BYTES_MAX, "owner");
    out.writeI32(crc(out.array(), 0, out.size()));
    return out.toByteArray();
  }

  /** Bytes of the header {@link #encodeHeader} writes for {@code owner}. */
  static int headerBytes(NodeId owner) {
    return HEADER_BYTES_MIN - 1 + owner.address().getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Fills in the header of the record that starts at {@code recordStart} of {@code out}: the caller
   * reserved {@link #RECORD_HEADER_BYTES} there and encoded the payload after them.
   */
  static void patchRecordHeader(WireWriter out, int recordStart, long groupStart) {
    int payloadStart = recordStart + RECORD_HEADER_BYTES;
    int payloadBytes = out.size() - payloadStart;
    out.patchI32(recordStart, RECORD_MARKER << 24);
    out.patchI32(recordStart + LENGTH_AT, payloadBytes);
    out.patchI32(recordStart + GROUP_AT, (int) groupStart);
    out.patchI32(recordStart + PAYLOAD_CRC_AT, crc(out.array(), payloadStart, payloadBytes));
    out.patchI32(recordStart + HEADER_CRC_AT, crc(out.array(), recordStart, HEADER_CRC_AT));
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  static int crc(ByteBuffer file, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(file.duplicate().position(offset).limit(offset + length));
    return (int) crc.getValue();
  }

  static ByteBuffer bigEndian(ByteBuffer buffer) {
    return buffer.order(ByteOrder.BIG_ENDIAN);
  }
}
