package org.concoord.client;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds the generic {@link Type} of a result, for {@link ConcoordClient#invoke}: {@code
 * TypeRef.of(List.class, Long.class)} is {@code List<Long>}, and {@code TypeRef.of(Map.class,
 * String.class, TypeRef.of(List.class, Long.class))} is {@code Map<String, List<Long>>}. Equal
 * (and of equal hash) to the JDK's own {@link ParameterizedType} for the same type, so either may
 * be used as a cache key.
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
    return new Parameterized(raw, args.clone());
  }

  private static final class Parameterized implements ParameterizedType {
    private final Class<?> raw;
    private final Type[] args;
    private final Type owner;

    Parameterized(Class<?> raw, Type[] args) {
      this.raw = raw;
      this.args = args;
      this.owner = raw.getDeclaringClass();
    }

    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p
          && raw.equals(p.getRawType())
          && Objects.equals(owner, p.getOwnerType())
          && Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // The formula of the JDK's ParameterizedTypeImpl, so that equal types hash equally.
      return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      return raw.getTypeName() + Arrays.stream(args).map(Type::getTypeName)
          .collect(Collectors.joining(", ", "<", ">"));
    }
  }
}
