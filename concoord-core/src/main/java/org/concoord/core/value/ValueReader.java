package org.concoord.core.value;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor over one encoded value. Every length and count is checked against its bound and against
 * the bytes that remain before anything is allocated, so a hostile header cannot make us allocate
 * more than the message itself justifies. Not thread-safe.
 */
final class ValueReader {
  private final byte[] bytes;
  private int position;

  /** Elements this value may still decode ({@link ValueCodec#ELEMENTS_MAX}). */
  private long elementsLeft = ValueCodec.ELEMENTS_MAX;

  ValueReader(byte[] bytes) {
    this.bytes = bytes;
  }

  int readTag() {
    if (position >= bytes.length) {
      throw new ValueException("truncated: value expected at byte " + position);
    }
    return bytes[position++] & 0xFF;
  }

  int peekTag() {
    int tag = readTag();
    position--;
    return tag;
  }

  void expectEnd() {
    if (position != bytes.length) {
      throw new ValueException((bytes.length - position) + " trailing bytes after the value");
    }
  }

  long readLongBody() {
    long raw = readVarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  double readDoubleBody() {
    need(8);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (bytes[position++] & 0xFF);
    }
    return Double.longBitsToDouble(bits);
  }

  String readStringBody() {
    int length = readLength(ValueCodec.STRING_BYTES_MAX, "string");
    int start = position;
    position += length;
    for (int i = start; i < position; i++) {
      if (bytes[i] < 0) {
        return decodeUtf8Strictly(start, length);
      }
    }
    return new String(bytes, start, length, StandardCharsets.US_ASCII);
  }

  byte[] readBytesBody() {
    int length = readLength(ValueCodec.BYTES_LENGTH_MAX, "bytes");
    byte[] result = new byte[length];
    System.arraycopy(bytes, position, result, 0, length);
    position += length;
    return result;
  }

  /** A list's element count: each element takes at least one byte. */
  int readListCount() {
    return readCount(1, "list");
  }

  /** A map's entry count: each entry takes at least two bytes (key length, value tag). */
  int readMapCount() {
    return readCount(2, "map");
  }

  private int readCount(int bytesPerItemMin, String what) {
    long count = readVarint();
    if (count < 0 || count > ValueCodec.COLLECTION_SIZE_MAX) {
      throw new ValueException(
          what
              + " of "
              + Long.toUnsignedString(count)
              + " elements exceeds "
              + ValueCodec.COLLECTION_SIZE_MAX);
    }
    if (count * bytesPerItemMin > bytes.length - position) {
      throw new ValueException(
          "truncated: "
              + what
              + " of "
              + count
              + " elements in "
              + (bytes.length - position)
              + " bytes");
    }
    elementsLeft -= count + ValueCodec.COLLECTION_COST;
    if (elementsLeft < 0) {
      throw new ValueException(
          "more than "
              + ValueCodec.ELEMENTS_MAX
              + " elements in one value"
              + " (a list or map counting "
              + ValueCodec.COLLECTION_COST
              + ")");
    }
    return (int) count;
  }

  private int readLength(int max, String what) {
    long length = readVarint();
    if (length < 0 || length > max) {
      throw new ValueException(
          what + " of " + Long.toUnsignedString(length) + " bytes exceeds " + max);
    }
    need((int) length);
    return (int) length;
  }

  /** The untyped form: null, Boolean, Long, Double, String, byte[], List, Map<String, ?>. */
  Object readNatural(int depth) {
    int tag = readTag();
    switch (tag) {
      case Tags.NULL:
      case Tags.EMPTY:
        return null;
      case Tags.FALSE:
        return Boolean.FALSE;
      case Tags.TRUE:
        return Boolean.TRUE;
      case Tags.LONG:
        return readLongBody();
      case Tags.DOUBLE:
        return readDoubleBody();
      case Tags.STRING:
        return readStringBody();
      case Tags.BYTES:
        return readBytesBody();
      case Tags.LIST:
        return readNaturalList(checkDepth(depth + 1));
      case Tags.MAP:
        return readNaturalMap(checkDepth(depth + 1));
      default:
        throw new ValueException("unknown tag " + tag + " at byte " + (position - 1));
    }
  }

  private List<Object> readNaturalList(int depth) {
    int count = readListCount();
    List<Object> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      try {
        list.add(readNatural(depth));
      } catch (ValueException e) {
        throw e.within("element [" + i + "]");
      }
    }
    return list;
  }

  private Map<String, Object> readNaturalMap(int depth) {
    int count = readMapCount();
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = readStringBody();
      try {
        putOnce(map, key, readNatural(depth));
      } catch (ValueException e) {
        throw e.within("key " + ValueException.quote(key));
      }
    }
    return map;
  }

  /** A duplicate key would make the value depend on which one a decoder keeps: refuse it. */
  static <V> void putOnce(Map<String, V> map, String key, V value) {
    if (map.containsKey(key)) {
      throw new ValueException("duplicate key");
    }
    map.put(key, value);
  }

  static int checkDepth(int depth) {
    if (depth > ValueCodec.DEPTH_MAX) {
      throw new ValueException("nesting deeper than " + ValueCodec.DEPTH_MAX);
    }
    return depth;
  }

  private long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (shift == 63 && b > 1) {
          break;
        }
        return result;
      }
    }
    throw new ValueException("malformed varint before byte " + position);
  }

  private int readByte() {
    if (position >= bytes.length) {
      throw new ValueException("truncated varint at byte " + position);
    }
    return bytes[position++] & 0xFF;
  }

  private void need(int count) {
    if (count > bytes.length - position) {
      throw new ValueException(
          "truncated: "
              + count
              + " bytes needed at byte "
              + position
              + ", "
              + (bytes.length - position)
              + " left");
    }
  }

  private String decodeUtf8Strictly(int start, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ValueException("malformed UTF-8 in string at byte " + start);
    }
  }
}
