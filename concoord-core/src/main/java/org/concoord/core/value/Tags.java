package org.concoord.core.value;

/**
 * The one-byte type tags of the value encoding. The numbers are the wire format: never renumber.
 *
 * <pre>
 * NULL | FALSE | TRUE
 * LONG   zigzag varint                    (every integral type; char when sent as a number)
 * DOUBLE 8 bytes, IEEE 754 bits big-endian (double and float)
 * STRING varint byte length, UTF-8
 * BYTES  varint length, raw bytes
 * LIST   varint count, then count values
 * MAP    varint count, then count (key: varint length + UTF-8, no tag; value)
 * EMPTY  an empty Optional (a present one is its value; null is NULL)
 * </pre>
 *
 * <p>A void result is no bytes at all.
 */
final class Tags {
  static final int NULL = 0;
  static final int FALSE = 1;
  static final int TRUE = 2;
  static final int LONG = 3;
  static final int DOUBLE = 4;
  static final int STRING = 5;
  static final int BYTES = 6;
  static final int LIST = 7;
  static final int MAP = 8;
  static final int EMPTY = 9;

  private static final String[] NAMES = {
    "null",
    "boolean",
    "boolean",
    "long",
    "double",
    "string",
    "bytes",
    "list",
    "map",
    "empty optional"
  };

  private Tags() {}

  /** The name used in "expected X, got Y" messages. */
  static String name(int tag) {
    return tag >= 0 && tag < NAMES.length ? NAMES[tag] : "unknown tag " + tag;
  }
}
