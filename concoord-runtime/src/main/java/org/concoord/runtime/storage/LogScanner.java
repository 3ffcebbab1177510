package org.concoord.runtime.storage;

import static org.concoord.runtime.storage.LogFormat.RECORD_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.effects.DurableWrite;

/**
 * Reads an acceptor's log file back at start: the header, then every record in order.
 *
 * <p>What it drops and what it refuses. A group commit's records are written, then synced, and only
 * then does any reply that depends on them leave; so only the last group commit can be torn by a
 * crash, and none of its writes was acknowledged. A crash persists or loses whole sectors; a lost
 * sector of the log reads as zeros (the file is preallocated as a hole), and since each group
 * starts on a sector of its own, a sector it lost is zeros from end to end. So a damaged record is
 * a torn tail, dropped with everything after it, only if (1) it lies after the snapshot, (2) a
 * whole sector it overlaps is zeros, and (3) every valid record after it belongs to the damaged
 * record's group: a group that started at or before the damage (each record names its group's
 * start). Anything else is refused with the file and the byte offset: a bad header, a file whose
 * size is not the header's, a corrupt record with no zeroed sector (a bit flip), a corrupt record
 * followed by a valid one of a later group, a record whose checksums hold but which does not decode
 * (an unknown version), groups out of sequence or off a sector boundary, non-zero padding.
 *
 * <p>What no log can tell on its own: whole records at the end replaced by zeros (or cut off and
 * the file grown back) look like records never written. A crash cannot do that to synced records.
 *
 * <p>Not thread-safe (one call at a time per file). Reads only.
 */
final class LogScanner {
  /** One recovered write and the bytes its record takes in the file. */
  record Entry(DurableWrite write, int recordBytes) {}

  /**
   * The file's writes in order; {@code end} is where the next record goes; {@code droppedBytes}
   * counts the bytes of a torn tail dropped from {@code end} on (0 if none).
   */
  record Recovered(LogFormat.Header header, List<Entry> entries, long end, long droppedBytes) {}

  private final Path path;
  private final ByteBuffer file;
  private final int size;

  private LogScanner(Path path, ByteBuffer file) {
    this.path = path;
    this.file = LogFormat.bigEndian(file);
    this.size = file.limit();
  }

  static Recovered scan(Path path, FileChannel channel, NodeId self) throws IOException {
    long size = channel.size();
    if (size < LogFormat.HEADER_BYTES_MIN) {
      throw new LogCorruptException(
          path, 0, "the file is " + size + " bytes, shorter than a log header");
    }
    if (size > LogFormat.FILE_BYTES_MAX) {
      throw new LogCorruptException(
          path,
          0,
          "the file is "
              + size
              + " bytes, more than a log may be ("
              + LogFormat.FILE_BYTES_MAX
              + ")");
    }
    ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    return new LogScanner(path, mapped).scan(self);
  }

  private LogCorruptException corrupt(long offset, String reason) {
    return new LogCorruptException(path, offset, reason);
  }

  private Recovered scan(NodeId self) throws LogCorruptException {
    LogFormat.Header header = readHeader(self);
    List<Entry> entries = new ArrayList<>();
    int offset = header.headerBytes();
    int group = header.headerBytes(); // the snapshot is the group at the header's end
    while (offset < size) {
      int headerEnd = Math.min(size, offset + RECORD_HEADER_BYTES);
      if (file.get(offset) == 0) { // no record starts with a zero byte
        int boundary = sectorCeiling(offset);
        if (offset >= header.snapshotEnd() && boundary != offset) {
          // The padding after a group, in a sector that also holds the group's last record; that
          // record is whole, so the sector was written, and the padding must be zeros.
          if (!isZero(offset, boundary)) {
            throw corrupt(offset, "non-zero bytes in the padding before the sector boundary");
          }
          offset = boundary;
          continue;
        }
        if (isZero(offset, size)) {
          break; // the end of the log: zeros to the end of the file
        }
        return tornTail(header, entries, offset, group, null, headerEnd);
      }
      if (validHeader(offset) < 0) {
        return tornTail(header, entries, offset, group, null, headerEnd);
      }
      int length = file.getInt(offset + LogFormat.LENGTH_AT);
      int recordGroup = file.getInt(offset + LogFormat.GROUP_AT);
      int recordEnd = recordEnd(offset, length);
      if (file.getInt(offset + LogFormat.PAYLOAD_CRC_AT)
          != LogFormat.crc(file, offset + RECORD_HEADER_BYTES, length)) {
        return tornTail(header, entries, offset, group, recordGroup, recordEnd);
      }
      checkSequence(header, offset, group, recordGroup);
      entries.add(new Entry(decode(offset, recordEnd), recordEnd - offset));
      group = recordGroup;
      offset = recordEnd;
    }
    if (offset < header.snapshotEnd()) {
      throw corrupt(
          offset, "the records end here but the snapshot ends at byte " + header.snapshotEnd());
    }
    return new Recovered(header, entries, offset, 0);
  }

  /**
   * The end of the record at {@code offset} whose header (its checksum holding) announces {@code
   * length} payload bytes; refused if the length is over the bound or runs past the file.
   */
  private int recordEnd(int offset, int length) throws LogCorruptException {
    if (length < 0 || length > LogFormat.PAYLOAD_BYTES_MAX) {
      throw corrupt(
          offset,
          "record length "
              + Integer.toUnsignedString(length)
              + " is over the bound "
              + LogFormat.PAYLOAD_BYTES_MAX
              + " (its header checksum holds)");
    }
    int recordEnd = offset + RECORD_HEADER_BYTES + length;
    if (recordEnd > size || recordEnd < 0) {
      throw corrupt(offset, "a record of " + length + " bytes runs past the end of the file");
    }
    return recordEnd;
  }

  /**
   * The write of the record at {@code offset}, whose checksums hold; refused if it won't decode.
   */
  private DurableWrite decode(int offset, int recordEnd) throws LogCorruptException {
    Decoded<DurableWrite> decoded =
        MessageCodec.decodeDurableWrite(
            file.duplicate().position(offset + RECORD_HEADER_BYTES).limit(recordEnd));
    if (decoded instanceof Decoded.Error<DurableWrite> error) {
      throw corrupt(
          offset, "the record's checksums hold but it does not decode: " + error.reason());
    }
    return ((Decoded.Ok<DurableWrite>) decoded).value();
  }

  /**
   * A valid record continues its group or starts the next one, at its own offset on a sector
   * boundary; the snapshot (the group at the header's end) and only it lies before the snapshot's
   * end.
   */
  private void checkSequence(LogFormat.Header header, int offset, int group, int recordGroup)
      throws LogCorruptException {
    boolean startsGroup =
        recordGroup == offset
            && offset % LogFormat.SECTOR_BYTES == 0
            && offset >= header.snapshotEnd();
    if (recordGroup != group && !startsGroup) {
      throw corrupt(
          offset,
          "record of the group at byte "
              + Integer.toUnsignedString(recordGroup)
              + " follows the group at byte "
              + group
              + ": out of sequence");
    }
    if ((offset < header.snapshotEnd()) != (recordGroup == header.headerBytes())) {
      throw corrupt(
          offset,
          "record of the group at byte "
              + Integer.toUnsignedString(recordGroup)
              + " where the snapshot (bytes "
              + header.headerBytes()
              + " to "
              + header.snapshotEnd()
              + ") "
              + (offset < header.snapshotEnd() ? "is" : "is not"));
    }
  }

  private LogFormat.Header readHeader(NodeId self) throws LogCorruptException {
    byte[] magic = new byte[LogFormat.MAGIC.length];
    file.get(0, magic);
    if (!Arrays.equals(magic, LogFormat.MAGIC)) {
      throw corrupt(0, "not an acceptor log (bad magic)");
    }
    int version = file.getInt(8);
    if (version != LogFormat.VERSION) {
      throw corrupt(
          8,
          "unknown log format version "
              + Integer.toUnsignedString(version)
              + " (this build reads "
              + LogFormat.VERSION
              + ")");
    }
    long fileBytes = file.getLong(12);
    long snapshotEnd = file.getLong(20);
    int addressBytes = file.getShort(28) & 0xFFFF;
    int crcAt = 30 + addressBytes;
    if (crcAt + 4 > size) {
      throw corrupt(28, "the header's address length " + addressBytes + " runs past the file");
    }
    if (file.getInt(crcAt) != LogFormat.crc(file, 0, crcAt)) {
      throw corrupt(crcAt, "the header's checksum does not match");
    }
    if (fileBytes != size) {
      throw corrupt(
          12,
          "the header says the file is "
              + fileBytes
              + " bytes but it is "
              + size
              + ": it was cut or extended by something other than ConCoord");
    }
    byte[] address = new byte[addressBytes];
    file.get(30, address);
    String owner = new String(address, StandardCharsets.UTF_8);
    if (!owner.equals(self.address())) {
      throw corrupt(
          30,
          "the log belongs to acceptor "
              + owner
              + ", not "
              + self
              + ": each acceptor needs its own data directory");
    }
    int headerBytes = crcAt + 4;
    if (snapshotEnd < headerBytes || snapshotEnd > size) {
      throw corrupt(20, "the snapshot end " + snapshotEnd + " is outside the file");
    }
    return new LogFormat.Header(fileBytes, snapshotEnd, self, headerBytes);
  }

  /**
   * The record at {@code offset} is damaged: drops it and everything after it if that is a torn
   * last group, else refuses. {@code group} is the start of the last whole record's group; {@code
   * recordGroup} the damaged record's, or null when its header is unreadable.
   */
  private Recovered tornTail(
      LogFormat.Header header,
      List<Entry> entries,
      int offset,
      int group,
      Integer recordGroup,
      int recordEnd)
      throws LogCorruptException {
    refuseUnlessTornWrite(header, offset, recordEnd);
    // The damaged record continues the last group read, or starts a group at its own offset.
    boolean canStartGroup = offset % LogFormat.SECTOR_BYTES == 0;
    boolean canContinue = group != header.headerBytes(); // the snapshot group ended before it
    if (recordGroup != null
        && !(recordGroup == group && canContinue)
        && !(recordGroup == offset && canStartGroup)) {
      throw corrupt(
          offset,
          "a damaged record names the group at byte "
              + Integer.toUnsignedString(recordGroup)
              + " after the group at byte "
              + group);
    }
    Integer tornGroup = recordGroup;
    int lastNonZero = offset;
    int at = offset + 1;
    while (at + RECORD_HEADER_BYTES <= size) {
      int validEnd = validRecordEnd(at);
      if (validEnd < 0) {
        if (file.get(at) != 0) {
          lastNonZero = at;
        }
        at++;
        continue;
      }
      int found = file.getInt(at + LogFormat.GROUP_AT);
      boolean sameGroup =
          tornGroup != null
              ? found == tornGroup
              : (found == group && canContinue) || (found == offset && canStartGroup);
      if (!sameGroup) {
        throw corrupt(
            offset,
            "a damaged record is followed by a valid one at byte "
                + at
                + " of another group (the one at byte "
                + Integer.toUnsignedString(found)
                + "): not a torn tail");
      }
      tornGroup = found;
      lastNonZero = validEnd - 1;
      at = validEnd;
    }
    for (; at < size; at++) {
      if (file.get(at) != 0) {
        lastNonZero = at;
      }
    }
    return new Recovered(header, entries, offset, lastNonZero + 1L - offset);
  }

  /**
   * Refuses damage at {@code offset} that no torn write can leave: in the snapshot, or in a record
   * none of whose whole sectors is zeros.
   */
  private void refuseUnlessTornWrite(LogFormat.Header header, int offset, int recordEnd)
      throws LogCorruptException {
    if (offset < header.snapshotEnd()) {
      throw corrupt(
          offset,
          "the snapshot is damaged; it was synced before the file was put in"
              + " place, so this is not a torn write");
    }
    if (!hasZeroSector(offset, Math.min(size, recordEnd))) {
      throw corrupt(
          offset,
          "the record is corrupt (checksum mismatch) and no whole sector of it"
              + " is zeros, so it is not a torn write");
    }
  }

  /** The payload length of a record header at {@code at} that holds together, or -1. */
  private int validHeader(int at) {
    if (at + RECORD_HEADER_BYTES > size
        || (file.getInt(at) != LogFormat.RECORD_MARKER << 24)
        || file.getInt(at + LogFormat.HEADER_CRC_AT)
            != LogFormat.crc(file, at, LogFormat.HEADER_CRC_AT)) {
      return -1;
    }
    return file.getInt(at + LogFormat.LENGTH_AT);
  }

  /** The end of a record at {@code at} whose checksums both hold, or -1. */
  private int validRecordEnd(int at) {
    if (file.get(at) != (byte) LogFormat.RECORD_MARKER) {
      return -1; // the cheap test first: most bytes of a torn tail are no record's start
    }
    int length = validHeader(at);
    long end = (long) at + RECORD_HEADER_BYTES + length;
    if (length < 0 || length > LogFormat.PAYLOAD_BYTES_MAX || end > size) {
      return -1;
    }
    if (file.getInt(at + LogFormat.PAYLOAD_CRC_AT)
        != LogFormat.crc(file, at + RECORD_HEADER_BYTES, length)) {
      return -1;
    }
    return (int) end;
  }

  /** Whether a whole sector that overlaps {@code [from, to)} is zeros. */
  private boolean hasZeroSector(int from, int to) {
    int sector = from - from % LogFormat.SECTOR_BYTES;
    for (; sector < to; sector += LogFormat.SECTOR_BYTES) {
      if (isZero(sector, Math.min(size, sector + LogFormat.SECTOR_BYTES))) {
        return true;
      }
    }
    return false;
  }

  private static int sectorCeiling(int offset) {
    int rest = offset % LogFormat.SECTOR_BYTES;
    return rest == 0 ? offset : offset + LogFormat.SECTOR_BYTES - rest;
  }

  private boolean isZero(int from, int to) {
    for (int i = from; i < to; i++) {
      if (file.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
