package org.concoord.client;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;

/** TEST STUB of the client library's TypeRef: a parameterized type built at run time. */
public final class TypeRef {
  private TypeRef() {}

  public static Type of(Class<?> raw, Type... args) {
    return new Parameterized(raw, args.clone());
  }

  private record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {
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
      return raw.getDeclaringClass();
    }

    // The contract of ParameterizedType.equals: equal to the JDK's own for the same type.
    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p && raw.equals(p.getRawType())
          && Objects.equals(getOwnerType(), p.getOwnerType())
          && Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(args) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      return raw.getName() + Arrays.toString(args).replace('[', '<').replace(']', '>');
    }
  }
}
