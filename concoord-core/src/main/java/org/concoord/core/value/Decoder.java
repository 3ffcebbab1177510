package org.concoord.core.value;

/**
 * Reads one value of a declared type. Built once per declared type by {@link DecoderBuilder}, so
 * the type is inspected at build time and a call only pays for reading. Decoders are immutable once
 * built and may be shared.
 */
interface Decoder {
  /**
   * Reads the next value. {@code depth} is the nesting depth of the enclosing value; containers
   * check {@code depth + 1} against {@link ValueCodec#DEPTH_MAX} before reading their elements.
   */
  Object read(ValueReader in, int depth);

  /** The declared type as named in "expected X, got Y". */
  String expected();

  /**
   * Reads the tag of a container that must be {@code expectedTag} (or null): returns -1 for null,
   * else the depth of its elements, checked against the bound.
   */
  static int openContainer(Decoder decoder, ValueReader in, int depth, int expectedTag) {
    int tag = in.readTag();
    if (tag == Tags.NULL) {
      return -1;
    }
    if (tag != expectedTag) {
      throw mismatch(decoder, tag);
    }
    return ValueReader.checkDepth(depth + 1);
  }

  static ValueException mismatch(Decoder decoder, int tag) {
    return new ValueException("expected " + decoder.expected() + ", got " + Tags.name(tag));
  }
}
