package org.concoord.core.value;

import java.util.List;

/**
 * Map keys on the wire: a map's keys are text (as JSON's are), so a key of another type travels as
 * its canonical text and is parsed back by the declared key type: {@code Map<Integer, String>}
 * sends {"5": "x"} and reads 5 back. The key types are strings, the integral and floating boxes,
 * Boolean, Character, enums (by name) and the {@link TextScalars}. Records, plain classes and
 * containers are not keys: their text is not canonical. Pure.
 */
public final class MapKeys {
  /** The key classes other than enums and {@link TextScalars}, as the docs list them. */
  public static final List<Class<?>> SCALAR_KEYS =
      List.of(
          String.class,
          Long.class,
          Integer.class,
          Short.class,
          Byte.class,
          Double.class,
          Float.class,
          Boolean.class,
          Character.class);

  private MapKeys() {}

  /** Whether values of {@code type} can be map keys. */
  public static boolean isKey(Class<?> type) {
    return SCALAR_KEYS.contains(type) || type.isEnum() || TextScalars.isTextScalar(type);
  }

  /** The text of {@code key}; ValueException if it is null or of a type that cannot be a key. */
  static String toText(Object key) {
    if (key instanceof String text) {
      return text;
    } else if (key instanceof Enum<?> constant) {
      return constant.name();
    } else if (key != null
        && (SCALAR_KEYS.contains(key.getClass()) || TextScalars.isTextScalar(key.getClass()))) {
      return TextScalars.isTextScalar(key.getClass()) ? TextScalars.toText(key) : key.toString();
    }
    throw new ValueException(
        "map key "
            + (key == null ? "null" : "of type " + key.getClass().getName())
            + ": keys must be strings, numbers, booleans, chars, enums"
            + " or "
            + names());
  }

  /** The key of class {@code type} whose text is {@code text}. */
  static Object fromText(Class<?> type, String text) {
    try {
      if (type == String.class || type == Object.class) {
        return text;
      } else if (type == Long.class) {
        return Long.valueOf(text);
      } else if (type == Integer.class) {
        return Integer.valueOf(text);
      } else if (type == Short.class) {
        return Short.valueOf(text);
      } else if (type == Byte.class) {
        return Byte.valueOf(text);
      } else if (type == Double.class) {
        return Double.valueOf(text);
      } else if (type == Float.class) {
        return Float.valueOf(text);
      } else if (type == Boolean.class) {
        if (!text.equals("true") && !text.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.valueOf(text);
      } else if (type == Character.class) {
        if (text.length() != 1) {
          throw new NumberFormatException();
        }
        return text.charAt(0);
      } else if (type.isEnum()) {
        for (Object constant : type.getEnumConstants()) {
          if (((Enum<?>) constant).name().equals(text)) {
            return constant;
          }
        }
        throw new ValueException(
            ValueException.quote(text) + " is not one of " + type.getSimpleName());
      } else if (TextScalars.isTextScalar(type)) {
        return TextScalars.fromText(type, text);
      }
    } catch (NumberFormatException e) {
      throw new ValueException(
          "map key " + ValueException.quote(text) + " is not a " + type.getSimpleName());
    }
    throw new ValueException("map key type " + type.getName() + " is not supported");
  }

  private static String names() {
    return String.join(", ", TextScalars.TYPES.stream().map(Class::getSimpleName).toList());
  }
}
