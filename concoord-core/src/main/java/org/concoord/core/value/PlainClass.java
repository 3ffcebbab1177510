package org.concoord.core.value;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rules for a "plain class" value: a public concrete user class with a public no-argument
 * constructor whose state is its public, non-final instance fields. It travels as a map from field
 * name to value, fields sorted by name (reflection's field order is unspecified, the wire's must
 * not be). JDK classes are never plain: an {@code ArrayList} or a {@code Thread} must not pass as
 * an empty map. Does no setAccessible.
 */
final class PlainClass {
  private PlainClass() {}

  /** The public no-argument constructor of a plain class; ValueException if the class is not. */
  static Constructor<?> constructor(Class<?> type) {
    String problem = problem(type);
    if (problem != null) {
      throw new ValueException("unsupported type " + type.getName() + ": " + problem);
    }
    try {
      return type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new ValueException(
          "unsupported type " + type.getName() + ": needs a public no-argument constructor");
    }
  }

  /** The public instance fields of a plain class, sorted by name. */
  static List<Field> fields(Class<?> type) {
    constructor(type);
    List<Field> fields = new ArrayList<>();
    for (Field field : type.getFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers)) {
        continue;
      }
      if (Modifier.isFinal(modifiers)) {
        throw new ValueException(
            "unsupported type "
                + type.getName()
                + ": public field '"
                + field.getName()
                + "' is final, so it could not be decoded");
      }
      fields.add(field);
    }
    fields.sort(Comparator.comparing(Field::getName));
    return fields;
  }

  private static String problem(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
      return "JDK classes are not values";
    }
    if (type.isInterface() || type.isArray() || type.isPrimitive() || type.isEnum()) {
      return "not a class";
    }
    if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
      return "declare collections as List, Set or Map";
    }
    int modifiers = type.getModifiers();
    if (!Modifier.isPublic(modifiers) || Modifier.isAbstract(modifiers)) {
      return "must be a public concrete class";
    }
    if (type.getEnclosingClass() != null && !Modifier.isStatic(modifiers)) {
      return "an inner class needs its outer instance; make it static";
    }
    return null;
  }
}
