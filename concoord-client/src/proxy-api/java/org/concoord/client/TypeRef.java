package org.concoord.client;

import java.lang.reflect.Type;
import java.util.Objects;
import org.concoord.core.value.ParameterizedTypes;

/**
 * Builds the generic {@link Type} of a result, for {@link ConcoordClient#invoke}: {@code
 * TypeRef.of(List.class, Long.class)} is {@code List<Long>}, and {@code TypeRef.of(Map.class,
 * String.class, TypeRef.of(List.class, Long.class))} is {@code Map<String, List<Long>>}. Equal
 * (and of equal hash) to the JDK's own {@link java.lang.reflect.ParameterizedType} for the same
 * type, so either may be used as a cache key.
 */
public final class TypeRef {
  private TypeRef() {}

  /**
   * {@code raw} parameterized by {@code args}; with no {@code args}, {@code raw} itself.
   *
   * @throws IllegalArgumentException if the number of args is not the number of raw's type
   *     parameters
   */
  public static Type of(Class<?> raw, Type... args) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(args, "args");
    if (args.length == 0) {
      return raw;
    }
    int expected = raw.getTypeParameters().length;
    if (args.length != expected) {
      throw new IllegalArgumentException(raw.getName() + " takes " + expected
          + " type argument(s), got " + args.length);
    }
    for (Type arg : args) {
      Objects.requireNonNull(arg, "type argument");
    }
    return ParameterizedTypes.of(raw, args, raw.getDeclaringClass());
  }
}
