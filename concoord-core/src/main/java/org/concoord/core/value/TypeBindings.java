package org.concoord.core.value;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * What a class binds its generic supertypes' type variables to: for {@code class StringStore
 * extends Store<String>}, Store's {@code T} is String. A method or field inherited from a generic
 * superclass is then read with its real types (a {@code put(T)} of StringStore takes a String),
 * which is how a generic class is used: bound by a subclass. Pure.
 */
public final class TypeBindings {
  private final Map<TypeVariable<?>, Type> bindings = new HashMap<>();

  private TypeBindings(Class<?> type) {
    bindAll(type);
  }

  /** The bindings made by {@code type} and its superclasses and interfaces. */
  public static TypeBindings of(Class<?> type) {
    return new TypeBindings(type);
  }

  /** {@code type} with every bound type variable replaced by its binding, recursively. */
  public Type resolve(Type type) {
    if (type instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
      return resolve(bindings.get(variable));
    } else if (type instanceof ParameterizedType parameterized) {
      Type[] args = parameterized.getActualTypeArguments().clone();
      boolean changed = false;
      for (int i = 0; i < args.length; i++) {
        Type resolved = resolve(args[i]);
        changed |= resolved != args[i];
        args[i] = resolved;
      }
      return changed
          ? ParameterizedTypes.of(
              (Class<?>) parameterized.getRawType(), args, parameterized.getOwnerType())
          : type;
    } else if (type instanceof GenericArrayType array) {
      Type component = resolve(array.getGenericComponentType());
      if (component instanceof Class<?> c) {
        return c.arrayType();
      }
      return component == array.getGenericComponentType()
          ? type
          : (GenericArrayType) () -> component;
    }
    return type;
  }

  /** Whether {@code variable} is bound by the class. */
  public boolean binds(TypeVariable<?> variable) {
    return bindings.containsKey(variable);
  }

  private void bindAll(Type type) {
    Class<?> raw =
        type instanceof Class<?> c
            ? c
            : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
    if (raw == null) {
      return;
    }
    if (type instanceof ParameterizedType p) {
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < variables.length && i < args.length; i++) {
        bindings.putIfAbsent(variables[i], args[i]);
      }
    }
    if (raw.getGenericSuperclass() != null) {
      bindAll(raw.getGenericSuperclass());
    }
    for (Type implemented : raw.getGenericInterfaces()) {
      bindAll(implemented);
    }
  }
}
