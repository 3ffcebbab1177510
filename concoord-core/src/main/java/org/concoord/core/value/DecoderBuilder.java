package org.concoord.core.value;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a declared {@link Type} into a {@link Decoder}, once, so that unsupported types are found
 * when a method is registered rather than when it is called. Type variables of generic records and
 * plain classes are resolved from the declared type arguments ({@code Pair<Long, String>}); an
 * unbound variable decodes as its bound. A record or class that contains itself is built once and
 * shared (the cache key is the class plus its variable bindings). One builder per build; not
 * thread-safe.
 */
final class DecoderBuilder {
  /** A declared type together with the variable bindings it must be read under. */
  private record Bound(Type type, Map<TypeVariable<?>, Bound> env) {}

  private record Key(Class<?> type, Map<TypeVariable<?>, Bound> env) {}

  private final Map<Key, Decoder> objects = new HashMap<>();
  private int typeDepth;

  Decoder build(Type type) {
    return build(type, Map.of());
  }

  private Decoder build(Type type, Map<TypeVariable<?>, Bound> env) {
    if (++typeDepth > ValueCodec.DEPTH_MAX) {
      throw new ValueException("type nesting deeper than " + ValueCodec.DEPTH_MAX + ": " + type);
    }
    try {
      if (type instanceof Class<?> raw) {
        return forClass(raw, new Type[0], env);
      } else if (type instanceof ParameterizedType parameterized) {
        return forClass(
            (Class<?>) parameterized.getRawType(), parameterized.getActualTypeArguments(), env);
      } else if (type instanceof TypeVariable<?> variable) {
        Bound bound = env.get(variable);
        return bound != null
            ? build(bound.type(), bound.env())
            : build(variable.getBounds()[0], Map.of());
      } else if (type instanceof WildcardType wildcard) {
        return wildcard.getLowerBounds().length > 0
            ? ScalarDecoders.NATURAL
            : build(wildcard.getUpperBounds()[0], env);
      } else if (type instanceof GenericArrayType array) {
        Type component = array.getGenericComponentType();
        return new ContainerDecoders.ArrayOf(erasure(component, env), build(component, env));
      }
      throw new ValueException("unsupported type " + type);
    } finally {
      typeDepth--;
    }
  }

  private Decoder forClass(Class<?> raw, Type[] args, Map<TypeVariable<?>, Bound> env) {
    if (raw == Object.class) {
      return ScalarDecoders.NATURAL;
    }
    Decoder scalar = ScalarDecoders.forClass(raw);
    if (scalar != null) {
      return scalar;
    } else if (raw.isEnum()) {
      return new ObjectDecoders.EnumByName(raw);
    } else if (TextScalars.isTextScalar(raw)) {
      return new ScalarDecoders.TextScalar(raw);
    } else if (JdkContainers.isCollection(raw)) {
      Type element = argument(args, 0);
      boolean set = Set.class.isAssignableFrom(raw);
      return new ContainerDecoders.Elements(
          build(element, env), set, JdkContainers.collection(raw, erasure(element, env)));
    } else if (JdkContainers.isMap(raw)) {
      Class<?> key = erasure(argument(args, 0), env);
      if (key != Object.class && !MapKeys.isKey(key)) {
        throw new ValueException(
            "unsupported type "
                + raw.getSimpleName()
                + "<"
                + key.getSimpleName()
                + ", ...>: map keys must be strings, numbers, booleans, chars,"
                + " enums or "
                + String.join(", ", TextScalars.TYPES.stream().map(Class::getSimpleName).toList()));
      }
      return new ContainerDecoders.Keyed(
          key, build(argument(args, 1), env), JdkContainers.map(raw, key));
    } else if (raw == Optional.class) {
      return new ContainerDecoders.Optionally(build(argument(args, 0), env));
    } else if (raw.isArray()) {
      Class<?> component = raw.getComponentType();
      return new ContainerDecoders.ArrayOf(component, build(component, env));
    } else if (raw.isRecord()) {
      return record(raw, bind(raw, args, env));
    }
    return plain(raw, bind(raw, args, env));
  }

  private Decoder record(Class<?> type, Map<TypeVariable<?>, Bound> env) {
    Key key = new Key(type, env);
    Decoder built = objects.get(key);
    if (built != null) {
      return built;
    }
    ObjectDecoders.RecordOf decoder = new ObjectDecoders.RecordOf(type);
    objects.put(key, decoder);
    RecordComponent[] components = type.getRecordComponents();
    Decoder[] decoders = new Decoder[components.length];
    for (int i = 0; i < components.length; i++) {
      try {
        decoders[i] = build(components[i].getGenericType(), env);
      } catch (ValueException e) {
        throw e.within("component '" + components[i].getName() + "' of " + type.getSimpleName());
      }
    }
    decoder.complete(decoders);
    return decoder;
  }

  private Decoder plain(Class<?> type, Map<TypeVariable<?>, Bound> env) {
    Key key = new Key(type, env);
    Decoder built = objects.get(key);
    if (built != null) {
      return built;
    }
    ObjectDecoders.PlainOf decoder = new ObjectDecoders.PlainOf(type);
    objects.put(key, decoder);
    for (Field field : decoder.fields()) {
      try {
        decoder.complete(field, build(field.getGenericType(), env));
      } catch (ValueException e) {
        throw e.within("field '" + field.getName() + "' of " + type.getSimpleName());
      }
    }
    return decoder;
  }

  /** Binds the class's type variables to the declared arguments (or their bounds, if raw). */
  private static Map<TypeVariable<?>, Bound> bind(
      Class<?> raw, Type[] args, Map<TypeVariable<?>, Bound> env) {
    TypeVariable<?>[] variables = raw.getTypeParameters();
    if (variables.length == 0) {
      return Map.of();
    }
    Map<TypeVariable<?>, Bound> bound = new HashMap<>();
    for (int i = 0; i < variables.length; i++) {
      Type arg = argument(args, i);
      Bound known = arg instanceof TypeVariable<?> v ? env.get(v) : null;
      // A variable passed through keeps its binding, so Tree<T> inside Tree<T> hits the cache.
      bound.put(
          variables[i],
          known != null ? known : new Bound(arg, arg instanceof Class<?> ? Map.of() : env));
    }
    return Map.copyOf(bound);
  }

  private static Type argument(Type[] args, int index) {
    return index < args.length ? args[index] : Object.class;
  }

  static Class<?> erasure(Type type, Map<TypeVariable<?>, Bound> env) {
    if (type instanceof Class<?> raw) {
      return raw;
    } else if (type instanceof ParameterizedType parameterized) {
      return (Class<?>) parameterized.getRawType();
    } else if (type instanceof TypeVariable<?> variable) {
      Bound bound = env.get(variable);
      return bound != null
          ? erasure(bound.type(), bound.env())
          : erasure(variable.getBounds()[0], Map.of());
    } else if (type instanceof WildcardType wildcard) {
      return erasure(wildcard.getUpperBounds()[0], env);
    } else if (type instanceof GenericArrayType array) {
      return erasure(array.getGenericComponentType(), env).arrayType();
    }
    throw new ValueException("unsupported type " + type);
  }
}
