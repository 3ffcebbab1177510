package org.concoord.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a Java parameter or result type, following the
 * value mapping of {@code core.value} and its JSON form ({@code Values.toJson}): integers and
 * floating numbers, exact types (BigDecimal, BigInteger, Instant, Duration, LocalDate, UUID) and
 * enums as strings, byte[] as base64, collections as arrays, maps and records and plain classes as
 * objects, an Optional as its value or null. A type met again inside itself is left open ({}).
 */
final class JsonSchemas {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonSchemas() {}

  static ObjectNode of(Type type) {
    return of(type, new HashSet<>());
  }

  private static ObjectNode of(Type type, Set<Type> open) {
    if (type instanceof ParameterizedType p) {
      return parameterized(p, open);
    }
    if (type instanceof GenericArrayType a) {
      return array(of(a.getGenericComponentType(), open));
    }
    if (type instanceof WildcardType w) {
      return of(w.getUpperBounds()[0], open);
    }
    if (!(type instanceof Class<?> c)) {
      return JSON.objectNode(); // a type variable: anything
    }
    ObjectNode scalar = scalar(c);
    if (scalar != null) {
      return scalar;
    }
    if (c == byte[].class) {
      return typed("string").put("contentEncoding", "base64");
    }
    if (c.isArray()) {
      return array(of(c.getComponentType(), open));
    }
    if (c.isEnum()) {
      ArrayNode names = JSON.arrayNode();
      for (Object constant : c.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      return typed("string").set("enum", names);
    }
    if (Collection.class.isAssignableFrom(c)) {
      return array(JSON.objectNode());
    }
    if (Map.class.isAssignableFrom(c) || c == Object.class) {
      return c == Object.class ? JSON.objectNode() : typed("object");
    }
    if (!open.add(c)) {
      return JSON.objectNode().put("description", c.getSimpleName() + " (recursive)");
    }
    try {
      return composite(c, open);
    } finally {
      open.remove(c);
    }
  }

  private static ObjectNode scalar(Class<?> c) {
    if (c == void.class || c == Void.class) {
      return typed("null");
    }
    if (c == boolean.class) {
      return typed("boolean");
    }
    if (c == long.class || c == int.class || c == short.class || c == byte.class) {
      return typed("integer").put("format", c == long.class ? "int64" : "int32");
    }
    if (c == double.class || c == float.class) {
      return typed("number").put("format", c.getName());
    }
    if (c == char.class || c == Character.class || c == String.class) {
      return typed("string");
    }
    if (c == Boolean.class
        || c == Long.class
        || c == Integer.class
        || c == Short.class
        || c == Byte.class
        || c == Double.class
        || c == Float.class) {
      ObjectNode boxed = scalar(primitive(c));
      boxed.set("type", JSON.arrayNode().add(boxed.get("type").asText()).add("null"));
      return boxed;
    }
    String format =
        c == BigDecimal.class
            ? "decimal"
            : c == BigInteger.class
                ? "integer"
                : c == Instant.class
                    ? "date-time"
                    : c == Duration.class
                        ? "duration"
                        : c == LocalDate.class ? "date" : c == UUID.class ? "uuid" : null;
    return format == null ? null : typed("string").put("format", format);
  }

  private static Class<?> primitive(Class<?> boxed) {
    return boxed == Boolean.class
        ? boolean.class
        : boxed == Long.class
            ? long.class
            : boxed == Integer.class
                ? int.class
                : boxed == Short.class
                    ? short.class
                    : boxed == Byte.class
                        ? byte.class
                        : boxed == Double.class ? double.class : float.class;
  }

  private static ObjectNode parameterized(ParameterizedType p, Set<Type> open) {
    Class<?> raw = (Class<?>) p.getRawType();
    Type[] args = p.getActualTypeArguments();
    if (raw == Optional.class) {
      return JSON.objectNode()
          .set("anyOf", JSON.arrayNode().add(of(args[0], open)).add(typed("null")));
    }
    if (Collection.class.isAssignableFrom(raw) && args.length == 1) {
      return array(of(args[0], open));
    }
    if (Map.class.isAssignableFrom(raw) && args.length == 2) {
      return typed("object").set("additionalProperties", of(args[1], open));
    }
    return of(raw, open);
  }

  private static ObjectNode composite(Class<?> c, Set<Type> open) {
    ObjectNode properties = JSON.objectNode();
    ArrayNode required = JSON.arrayNode();
    if (c.isRecord()) {
      for (RecordComponent component : c.getRecordComponents()) {
        properties.set(component.getName(), of(component.getGenericType(), open));
        required.add(component.getName());
      }
    } else {
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field field : k.getDeclaredFields()) {
          int modifiers = field.getModifiers();
          if (!Modifier.isStatic(modifiers)
              && !Modifier.isTransient(modifiers)
              && !field.isSynthetic()) {
            properties.set(field.getName(), of(field.getGenericType(), open));
          }
        }
      }
    }
    ObjectNode schema = typed("object").put("title", c.getSimpleName());
    schema.set("properties", properties);
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    return schema;
  }

  private static ObjectNode array(ObjectNode items) {
    return typed("array").set("items", items);
  }

  private static ObjectNode typed(String type) {
    return JSON.objectNode().put("type", type);
  }
}
