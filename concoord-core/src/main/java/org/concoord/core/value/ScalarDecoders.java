package org.concoord.core.value;

import java.util.Base64;

/**
 * Decoders for the types that are one wire value: integral types (range-checked, never truncated),
 * floating types, char, boolean, String, byte[] and Object (the untyped form). A primitive never
 * accepts null; its box does.
 */
final class ScalarDecoders {
  /** Largest magnitude a long may have and still be exactly a double (2^53) or a float (2^24). */
  private static final long DOUBLE_EXACT_MAX = 1L << 53;

  private static final long FLOAT_EXACT_MAX = 1L << 24;

  static final Decoder NATURAL =
      new Decoder() {
        @Override
        public Object read(ValueReader in, int depth) {
          return in.readNatural(depth);
        }

        @Override
        public String expected() {
          return "any value";
        }
      };

  private ScalarDecoders() {}

  /** The decoder for {@code type}, or null if it is not a scalar type. */
  static Decoder forClass(Class<?> type) {
    if (type == long.class || type == Long.class) {
      return new Integral("long", Long.MIN_VALUE, Long.MAX_VALUE, type == Long.class);
    } else if (type == int.class || type == Integer.class) {
      return new Integral("int", Integer.MIN_VALUE, Integer.MAX_VALUE, type == Integer.class);
    } else if (type == short.class || type == Short.class) {
      return new Integral("short", Short.MIN_VALUE, Short.MAX_VALUE, type == Short.class);
    } else if (type == byte.class || type == Byte.class) {
      return new Integral("byte", Byte.MIN_VALUE, Byte.MAX_VALUE, type == Byte.class);
    } else if (type == double.class || type == Double.class) {
      return new Floating(false, type == Double.class);
    } else if (type == float.class || type == Float.class) {
      return new Floating(true, type == Float.class);
    } else if (type == boolean.class || type == Boolean.class) {
      return new Bool(type == Boolean.class);
    } else if (type == char.class || type == Character.class) {
      return new Char(type == Character.class);
    } else if (type == String.class) {
      return new Text();
    } else if (type == byte[].class) {
      return new Bytes();
    }
    return null;
  }

  /** A {@link TextScalars} type, from its canonical text; a whole number also for the numbers. */
  static final class TextScalar implements Decoder {
    private final Class<?> type;

    TextScalar(Class<?> type) {
      this.type = type;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.STRING) {
        return TextScalars.fromText(type, in.readStringBody());
      }
      if (tag == Tags.LONG
          && (type == java.math.BigDecimal.class || type == java.math.BigInteger.class)) {
        return TextScalars.fromText(type, Long.toString(in.readLongBody()));
      }
      if (tag == Tags.NULL) {
        return null;
      }
      if (tag == Tags.DOUBLE) {
        in.readDoubleBody();
        throw new ValueException(
            "expected "
                + type.getSimpleName()
                + ", got a double: give it"
                + " as a string, e.g. "
                + TextScalars.example(type)
                + ", so that it stays exact");
      }
      throw Decoder.mismatch(this, tag);
    }

    @Override
    public String expected() {
      return type.getSimpleName();
    }
  }

  private static final class Integral implements Decoder {
    private final String name;
    private final long min;
    private final long max;
    private final boolean nullable;

    Integral(String name, long min, long max, boolean nullable) {
      this.name = name;
      this.min = min;
      this.max = max;
      this.nullable = nullable;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.LONG) {
        long value = in.readLongBody();
        if (value < min || value > max) {
          throw new ValueException("expected " + name + ", got " + value + " (out of range)");
        }
        if (max == Long.MAX_VALUE) {
          return value;
        } else if (max == Integer.MAX_VALUE) {
          return (int) value;
        } else if (max == Short.MAX_VALUE) {
          return (short) value;
        }
        return (byte) value;
      }
      if (tag == Tags.NULL && nullable) {
        return null;
      }
      throw Decoder.mismatch(this, tag);
    }

    @Override
    public String expected() {
      return name;
    }
  }

  private static final class Floating implements Decoder {
    private final boolean single;
    private final boolean nullable;

    Floating(boolean single, boolean nullable) {
      this.single = single;
      this.nullable = nullable;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      double value;
      if (tag == Tags.DOUBLE) {
        value = in.readDoubleBody();
      } else if (tag == Tags.LONG) {
        // JSON writes 5 for 5.0; accept a whole number only where it converts exactly.
        long whole = in.readLongBody();
        long exactMax = single ? FLOAT_EXACT_MAX : DOUBLE_EXACT_MAX;
        if (whole < -exactMax || whole > exactMax) {
          throw new ValueException(
              "expected " + expected() + ", got " + whole + " (not exactly representable)");
        }
        value = whole;
      } else if (tag == Tags.NULL && nullable) {
        return null;
      } else {
        throw Decoder.mismatch(this, tag);
      }
      if (!single) {
        return value;
      }
      if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
        throw new ValueException("expected float, got " + value + " (out of range)");
      }
      return (float) value;
    }

    @Override
    public String expected() {
      return single ? "float" : "double";
    }
  }

  private static final class Bool implements Decoder {
    private final boolean nullable;

    Bool(boolean nullable) {
      this.nullable = nullable;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.TRUE || tag == Tags.FALSE) {
        return tag == Tags.TRUE;
      }
      if (tag == Tags.NULL && nullable) {
        return null;
      }
      throw Decoder.mismatch(this, tag);
    }

    @Override
    public String expected() {
      return "boolean";
    }
  }

  /** A char travels as a one-char string (what JSON users write) or as its code, 0..65535. */
  private static final class Char implements Decoder {
    private final boolean nullable;

    Char(boolean nullable) {
      this.nullable = nullable;
    }

    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.STRING) {
        String text = in.readStringBody();
        if (text.length() != 1) {
          throw new ValueException("expected char, got a string of " + text.length() + " chars");
        }
        return text.charAt(0);
      }
      if (tag == Tags.LONG) {
        long code = in.readLongBody();
        if (code < Character.MIN_VALUE || code > Character.MAX_VALUE) {
          throw new ValueException("expected char, got " + code + " (out of range)");
        }
        return (char) code;
      }
      if (tag == Tags.NULL && nullable) {
        return null;
      }
      throw Decoder.mismatch(this, tag);
    }

    @Override
    public String expected() {
      return "char";
    }
  }

  private static final class Text implements Decoder {
    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.STRING) {
        return in.readStringBody();
      }
      if (tag == Tags.NULL) {
        return null;
      }
      throw Decoder.mismatch(this, tag);
    }

    @Override
    public String expected() {
      return "string";
    }
  }

  /** byte[] also accepts a base64 string: JSON has no bytes, and toJson prints bytes that way. */
  private static final class Bytes implements Decoder {
    @Override
    public Object read(ValueReader in, int depth) {
      int tag = in.readTag();
      if (tag == Tags.BYTES) {
        return in.readBytesBody();
      }
      if (tag == Tags.STRING) {
        try {
          return Base64.getDecoder().decode(in.readStringBody());
        } catch (IllegalArgumentException e) {
          throw new ValueException("expected bytes, got a string that is not base64");
        }
      }
      if (tag == Tags.NULL) {
        return null;
      }
      throw Decoder.mismatch(this, tag);
    }

    @Override
    public String expected() {
      return "bytes";
    }
  }
}
