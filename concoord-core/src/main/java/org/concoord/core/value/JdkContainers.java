package org.concoord.core.value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The JDK collection and map classes a value may be declared as, and what each is built as when
 * read: an interface as the insertion-ordered implementation (so that wire order is kept), a
 * concrete class as itself (a {@code TreeMap} sorted by its keys' natural order, an {@code EnumMap}
 * of its key type). Anything else from the JDK (concurrent, weak, immutable views) is not a value.
 * Pure.
 */
public final class JdkContainers {
  /** Collection types, declared type to built class, in the order the docs list them. */
  public static final Map<Class<?>, Class<?>> COLLECTIONS =
      ordered(
          Iterable.class,
          ArrayList.class,
          Collection.class,
          ArrayList.class,
          List.class,
          ArrayList.class,
          ArrayList.class,
          ArrayList.class,
          LinkedList.class,
          LinkedList.class,
          Queue.class,
          ArrayDeque.class,
          Deque.class,
          ArrayDeque.class,
          ArrayDeque.class,
          ArrayDeque.class,
          Set.class,
          LinkedHashSet.class,
          LinkedHashSet.class,
          LinkedHashSet.class,
          HashSet.class,
          HashSet.class,
          SortedSet.class,
          TreeSet.class,
          NavigableSet.class,
          TreeSet.class,
          TreeSet.class,
          TreeSet.class,
          EnumSet.class,
          EnumSet.class);

  /** Map types, declared type to built class. */
  public static final Map<Class<?>, Class<?>> MAPS =
      ordered(
          Map.class,
          LinkedHashMap.class,
          LinkedHashMap.class,
          LinkedHashMap.class,
          HashMap.class,
          HashMap.class,
          SortedMap.class,
          TreeMap.class,
          NavigableMap.class,
          TreeMap.class,
          TreeMap.class,
          TreeMap.class,
          EnumMap.class,
          EnumMap.class);

  private JdkContainers() {}

  public static boolean isCollection(Class<?> type) {
    return COLLECTIONS.containsKey(type);
  }

  public static boolean isMap(Class<?> type) {
    return MAPS.containsKey(type);
  }

  /** A factory of empty collections of {@code declared}; {@code element} for an EnumSet. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Supplier<Collection<Object>> collection(Class<?> declared, Class<?> element) {
    Class<?> built = COLLECTIONS.get(declared);
    if (built == EnumSet.class) {
      if (!element.isEnum()) {
        throw new ValueException("EnumSet of " + element.getSimpleName() + ": not an enum");
      }
      return () -> (Collection) EnumSet.noneOf((Class) element);
    }
    return () -> (Collection<Object>) newInstance(built);
  }

  /** A factory of empty maps of {@code declared}; {@code key} for an EnumMap. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Supplier<Map<Object, Object>> map(Class<?> declared, Class<?> key) {
    Class<?> built = MAPS.get(declared);
    if (built == EnumMap.class) {
      if (!key.isEnum()) {
        throw new ValueException("EnumMap keyed by " + key.getSimpleName() + ": not an enum");
      }
      return () -> new EnumMap(key);
    }
    return () -> (Map<Object, Object>) newInstance(built);
  }

  private static Object newInstance(Class<?> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("a JDK container without a public constructor: " + type, e);
    }
  }

  private static Map<Class<?>, Class<?>> ordered(Class<?>... pairs) {
    Map<Class<?>, Class<?>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
