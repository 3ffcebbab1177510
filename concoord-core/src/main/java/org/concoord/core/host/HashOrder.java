package org.concoord.core.host;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.concoord.core.value.MapKeys;

/**
 * {@link StateCheck}'s rule for hash-ordered containers: a HashMap's or HashSet's order follows its
 * keys' hash codes: an enum's (and so a record's holding one, or a class without its own hashCode)
 * is the identity hash, which differs between JVMs, so replicas would iterate in different orders.
 */
final class HashOrder {
  /** Containers iterating in hash order: their keys need a hash code equal on every JVM. */
  private static final Set<Class<?>> HASH_ORDERED = Set.of(HashMap.class, HashSet.class);

  private HashOrder() {}

  /** What is wrong with {@code container} keyed by {@code key} at {@code path}, or null. */
  static String problem(Class<?> container, Type key, String path) {
    if (!HASH_ORDERED.contains(container)) {
      return null;
    }
    Class<?> c =
        key instanceof Class<?> k
            ? k
            : key instanceof ParameterizedType p && p.getRawType() instanceof Class<?> r ? r : null;
    String why = c == null ? null : identityHashed(c, new HashSet<>());
    if (why == null) {
      return null;
    }
    boolean isMap = Map.class.isAssignableFrom(container);
    String suggestion = c.isEnum() ? (isMap ? "EnumMap" : "EnumSet") + " or " : "";
    return path
        + ": "
        + container.getSimpleName()
        + " keyed by "
        + c.getSimpleName()
        + ", "
        + why
        + ", so replicas would iterate it in different orders; use "
        + suggestion
        + (isMap ? "TreeMap or LinkedHashMap" : "TreeSet or LinkedHashSet");
  }

  /** Why {@code c}'s hash code is not the same on every JVM, or null if it is. */
  private static String identityHashed(Class<?> c, Set<Class<?>> seen) {
    if (!seen.add(c)
        || c.isPrimitive()
        || StateKinds.SCALARS.contains(c)
        || MapKeys.isKey(c) && !c.isEnum()) {
      return null;
    }
    if (c.isEnum()) {
      return "whose hash code is the identity hash (Enum.hashCode)";
    }
    if (c.isRecord()) {
      for (RecordComponent component : c.getRecordComponents()) {
        String inner = identityHashed(component.getType(), seen);
        if (inner != null) {
          return "whose component "
              + component.getName()
              + " is "
              + inner.replace("whose ", "of" + " a type whose ");
        }
      }
      return null;
    }
    if (c.isArray()) {
      return "an array, whose hash code is the identity hash";
    }
    try {
      if (c.getMethod("hashCode").getDeclaringClass() == Object.class && !c.isInterface()) {
        return "whose hash code is the identity hash (it does not override hashCode)";
      }
    } catch (NoSuchMethodException e) {
      return null;
    }
    return null;
  }
}
