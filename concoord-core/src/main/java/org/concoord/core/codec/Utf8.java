package org.concoord.core.codec;

/**
 * The UTF-8 form of a string as {@link WireWriter#writeUtf8} writes it: its byte count, checked for
 * an unpaired surrogate (which has no UTF-8 form: encoding it lossily would make the peer decode a
 * different string), and its bytes. Held apart from the writer's buffer handling it does not need.
 *
 * <p>Stateless. Does no I/O.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * The UTF-8 byte count of {@code value}, or a count past 0xFFFF as soon as one is reached.
   *
   * @throws IllegalArgumentException if {@code value} has an unpaired surrogate
   */
  static int length(String value, String field) {
    int length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException(field + " has an unpaired surrogate at char " + i);
        }
        length += 4;
        i++;
      } else {
        length += 3;
      }
      // Early exit keeps a huge string from costing a full scan before it is rejected.
      if (length > 0xFFFF) {
        return length;
      }
    }
    return length;
  }

  /**
   * Writes the UTF-8 bytes of {@code value} (checked by {@link #length}) into {@code bytes} from
   * {@code offset}; returns the offset past them.
   */
  static int encode(String value, byte[] bytes, int offset) {
    int at = offset;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes[at++] = (byte) c;
      } else if (c < 0x800) {
        bytes[at++] = (byte) (0xC0 | (c >>> 6));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        bytes[at++] = (byte) (0xF0 | (codePoint >>> 18));
        bytes[at++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        bytes[at++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        bytes[at++] = (byte) (0xE0 | (c >>> 12));
        bytes[at++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return at;
  }
}
