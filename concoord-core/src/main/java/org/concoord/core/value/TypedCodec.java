package org.concoord.core.value;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/**
 * The codec of one declared type, built once: {@code decode} converts bytes to exactly that type
 * (or fails with a ValueException), {@code encode} checks a value against it and encodes it. The
 * object host keeps one per method result; building one is the costly part, using it is not.
 * Immutable; safe to share.
 */
public final class TypedCodec {
  private final Type type;
  private final Class<?> erased;
  private final Decoder decoder;

  private TypedCodec(Type type) {
    this.type = type;
    this.erased = box(DecoderBuilder.erasure(type, Map.of()));
    this.decoder = erased == Void.class ? null : new DecoderBuilder().build(type);
  }

  /** The codec for {@code type}; ValueException if the type is not a supported value type. */
  public static TypedCodec of(Type type) {
    return new TypedCodec(Objects.requireNonNull(type, "type"));
  }

  public Type type() {
    return type;
  }

  /** Decodes one whole value of this type. */
  public Object decode(byte[] bytes) {
    if (decoder == null) {
      throw new ValueException("void has no values");
    }
    ValueReader in = new ValueReader(bytes);
    Object value = decoder.read(in, 0);
    in.expectEnd();
    return value;
  }

  /**
   * Encodes {@code value} as a value of this type. For void the value is ignored and the result is
   * no bytes at all (so that a caller can tell "nothing" from null); otherwise a value of another
   * runtime class, or null for a primitive, is an error.
   */
  public byte[] encode(Object value) {
    return encode(value, Integer.MAX_VALUE - 8);
  }

  /**
   * As {@link #encode(Object)}, refusing a value over {@code bytesMax} bytes as soon as encoding
   * passes the bound ({@link ValueTooLargeException}).
   */
  public byte[] encode(Object value, int bytesMax) {
    if (erased == Void.class) {
      return new byte[0];
    }
    if (value == null ? !decoderAcceptsNull() : !erased.isInstance(value)) {
      throw new ValueException(
          "expected "
              + decoder.expected()
              + ", got "
              + (value == null ? "null" : value.getClass().getName()));
    }
    return ValueCodec.encode(value, bytesMax);
  }

  private boolean decoderAcceptsNull() {
    return !(type instanceof Class<?> c && c.isPrimitive());
  }

  static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    } else if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == char.class) {
      return Character.class;
    } else if (type == short.class) {
      return Short.class;
    } else if (type == byte.class) {
      return Byte.class;
    }
    return Void.class;
  }

  @Override
  public String toString() {
    return "TypedCodec[" + type.getTypeName() + "]";
  }
}
