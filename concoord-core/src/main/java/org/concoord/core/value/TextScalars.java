package org.concoord.core.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The JDK value types that travel as their canonical text, exactly: {@code BigDecimal} keeps its
 * scale ("0.10" stays "0.10", never "0.1"), {@code BigInteger} any magnitude, {@code Instant},
 * {@code Duration} and {@code LocalDate} in ISO-8601, {@code UUID} in its 36-char form. The
 * argument codec, the snapshot codec and map keys all use these two conversions, so a value reads
 * back equal (and with the same scale) however it travelled. Pure; no default locale or time zone
 * is involved.
 */
public final class TextScalars {
  /** The classes, in the order the docs list them. */
  public static final List<Class<?>> TYPES =
      List.of(
          BigDecimal.class,
          BigInteger.class,
          Instant.class,
          Duration.class,
          LocalDate.class,
          UUID.class);

  private TextScalars() {}

  public static boolean isTextScalar(Class<?> type) {
    return TYPES.contains(type);
  }

  /** The canonical text of {@code value}, one of {@link #TYPES}. */
  public static String toText(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toString(); // unscaled value and scale, both exact
    }
    return value.toString(); // ISO-8601 for java.time, canonical for BigInteger and UUID
  }

  /**
   * The value of {@code type} whose canonical text is {@code text}.
   *
   * @throws ValueException naming the type and an example, if the text is not one
   */
  public static Object fromText(Class<?> type, String text) {
    try {
      if (type == BigDecimal.class) {
        return new BigDecimal(text);
      } else if (type == BigInteger.class) {
        return new BigInteger(text);
      } else if (type == Instant.class) {
        return Instant.parse(text);
      } else if (type == Duration.class) {
        return Duration.parse(text);
      } else if (type == LocalDate.class) {
        return LocalDate.parse(text);
      } else if (type == UUID.class) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equalsIgnoreCase(text)) {
          throw new IllegalArgumentException("not canonical");
        }
        return uuid;
      }
    } catch (DateTimeException | IllegalArgumentException e) {
      throw new ValueException(
          "expected "
              + type.getSimpleName()
              + " as text, e.g. "
              + example(type)
              + ", got "
              + ValueException.quote(text));
    }
    throw new IllegalArgumentException(type + " is not a text scalar");
  }

  /** An example of the text form, for messages and docs. */
  public static String example(Class<?> type) {
    if (type == BigDecimal.class) {
      return "\"0.10\"";
    } else if (type == BigInteger.class) {
      return "\"123456789012345678901234567890\"";
    } else if (type == Instant.class) {
      return "\"2026-12-06T21:30:00Z\"";
    } else if (type == Duration.class) {
      return "\"PT1M30S\"";
    } else if (type == LocalDate.class) {
      return "\"2026-12-06\"";
    }
    return "\"123e4567-e89b-12d3-a456-426614174000\"";
  }
}
