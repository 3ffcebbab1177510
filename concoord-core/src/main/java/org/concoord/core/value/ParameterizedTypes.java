package org.concoord.core.value;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Parameterized types built at run time (a resolved type variable's binding, the client's {@code
 * TypeRef}): equal, and of equal hash, to the JDK's own {@link ParameterizedType} for the same
 * type, so either may be a cache key.
 */
public final class ParameterizedTypes {
  private ParameterizedTypes() {}

  /** {@code raw<args>}, declared in {@code owner} (null for a top-level class). */
  public static ParameterizedType of(Class<?> raw, Type[] args, Type owner) {
    return new Parameterized(Objects.requireNonNull(raw, "raw"), args.clone(), owner);
  }

  private static final class Parameterized implements ParameterizedType {
    private final Class<?> raw;
    private final Type[] args;
    private final Type owner;

    Parameterized(Class<?> raw, Type[] args, Type owner) {
      this.raw = raw;
      this.args = args;
      this.owner = owner;
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
    public String getTypeName() {
      return raw.getTypeName()
          + Arrays.stream(args).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
    }

    @Override
    public String toString() {
      return getTypeName();
    }
  }
}
