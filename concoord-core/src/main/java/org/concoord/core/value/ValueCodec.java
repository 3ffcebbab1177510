package org.concoord.core.value;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;

/**
 * Arguments and results as bytes: a compact tagged binary form (see {@link Tags}) of null, boolean,
 * long, double, string, bytes, list and string-keyed map, which is also enough for JSON ({@link
 * Values}).
 *
 * <p>Encoding goes by the runtime type: all integral types become long, float and double become
 * double, char and enums become strings, collections and arrays become lists, records become lists
 * in component order, plain classes (public no-argument constructor, public fields) become maps by
 * field name, Optional becomes its value or null.
 *
 * <p>Decoding goes by a declared {@link Type} ({@link TypedCodec}, {@link ArgsDecoder}), never by
 * anything the bytes say: no class names on the wire, no ObjectInputStream, nothing instantiated
 * that is not the declared type. Narrowing that would lose information (2^40 into an int) is an
 * error. Nesting depth, collection size and string length are bounded by the constants below,
 * checked before allocating. Every failure is a {@link ValueException}.
 *
 * <p>Pure: no I/O, no clocks, no shared mutable state; safe from any thread.
 */
public final class ValueCodec {
  /** Deepest nesting of lists, maps, records and objects (the top-level value is depth 0). */
  public static final int DEPTH_MAX = 64;

  /** Most elements in one list, or entries in one map. */
  public static final int COLLECTION_SIZE_MAX = 1 << 20;

  /**
   * Most elements decoded from one value, every collection's together, a list or map counting
   * {@link #COLLECTION_COST} more (review case 10): a value's encoding takes a byte or two per
   * element, its decoded form tens of heap bytes, so without a bound per value a frame of nested
   * empty lists amplified to hundreds of MiB in every replica executing it. One largest collection
   * of {@link #COLLECTION_SIZE_MAX} still fits, twice.
   */
  public static final int ELEMENTS_MAX = 1 << 21;

  /** What a list or map counts against {@link #ELEMENTS_MAX} besides its elements. */
  public static final int COLLECTION_COST = 8;

  /** Longest string, in UTF-8 bytes. */
  public static final int STRING_BYTES_MAX = 1 << 20;

  /** Longest byte array. */
  public static final int BYTES_LENGTH_MAX = 1 << 24;

  private ValueCodec() {}

  /** Encodes {@code value} by its runtime type. */
  public static byte[] encode(Object value) {
    ValueWriter out = new ValueWriter();
    out.writeValue(value, 0);
    return out.toByteArray();
  }

  /**
   * Encodes {@code value}, stopping as soon as it takes more than {@code bytesMax} bytes: a reply
   * larger than a frame is refused without first being encoded whole (a doubling buffer of its
   * size, and a copy, in the heap of every replica at once).
   *
   * @throws ValueTooLargeException if the value needs more than {@code bytesMax} bytes
   */
  public static byte[] encode(Object value, int bytesMax) {
    ValueWriter out = new ValueWriter(bytesMax);
    out.writeValue(value, 0);
    return out.toByteArray();
  }

  /**
   * Decodes to the untyped form: null, Boolean, Long, Double, String, byte[], List of these, or Map
   * from String to these (both mutable, in wire order).
   */
  public static Object decode(byte[] bytes) {
    if (bytes.length == 0) {
      return null; // a void result
    }
    ValueReader in = new ValueReader(bytes);
    Object value = in.readNatural(0);
    in.expectEnd();
    return value;
  }

  /** Decodes a value of the declared {@code type}, e.g. a method's generic return type. */
  public static Object decode(byte[] bytes, Type type) {
    return TypedCodec.of(type).decode(bytes);
  }

  public static <T> T decode(byte[] bytes, Class<T> type) {
    @SuppressWarnings("unchecked") // decoders return exactly the declared class (or its box)
    T value = (T) decode(bytes, (Type) type);
    return value;
  }

  /** Encodes call arguments as a list. For one null argument: {@code encodeArgs((Object) null)}. */
  public static byte[] encodeArgs(Object... args) {
    Objects.requireNonNull(args, "args");
    return encode(Arrays.asList(args));
  }

  /** Decodes call arguments by {@code method}'s generic parameter types. */
  public static Object[] decodeArgs(byte[] bytes, Method method) {
    return ArgsDecoder.of(method).decode(bytes);
  }

  /** The number of arguments in an encoded argument list (no bytes at all counts as none). */
  public static int listSize(byte[] bytes) {
    return bytes.length == 0 ? 0 : readListHeader(new ValueReader(bytes));
  }

  static int readListHeader(ValueReader in) {
    int tag = in.readTag();
    if (tag != Tags.LIST) {
      throw new ValueException("arguments must be a list, got " + Tags.name(tag));
    }
    return in.readListCount();
  }
}
