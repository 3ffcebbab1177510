package org.concoord.codegen.readonly;

import java.util.Set;

/**
 * What a call into the JDK may change, for the read-only analysis, which cannot read the JDK's own
 * bytecode: an allow-list, like the safety check's. A call is
 *
 * <ul>
 *   <li>{@linkplain #pure pure} if it changes nothing that exists before it (immutable values,
 *       static factories, string building, streams, which never change their source);
 *   <li>{@linkplain #readsReceiver a read of its receiver} if the method, by its name on a {@code
 *       java.util} type, leaves the collection, map, iterator or entry unchanged;
 *   <li>else a possible write of its receiver (and of its arguments, for a static call).
 * </ul>
 *
 * Being wrong in the safe direction only costs speed: a method judged to write goes through the log
 * like every call does today.
 */
final class JdkEffects {
  /** Classes whose every method leaves every existing object unchanged. */
  private static final Set<String> PURE_CLASSES =
      Set.of(
          "java/lang/String",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/Short",
          "java/lang/Byte",
          "java/lang/Character",
          "java/lang/Boolean",
          "java/lang/Double",
          "java/lang/Float",
          "java/lang/Number",
          "java/lang/Math",
          "java/lang/StrictMath",
          "java/lang/Enum",
          "java/lang/Record",
          "java/lang/CharSequence",
          "java/lang/Comparable",
          "java/lang/Iterable",
          "java/lang/Class",
          "java/util/Objects",
          "java/util/UUID",
          "java/util/Optional",
          "java/util/OptionalInt",
          "java/util/OptionalLong",
          "java/util/OptionalDouble",
          "java/util/Comparator",
          "java/math/BigInteger",
          "java/math/BigDecimal",
          "java/math/MathContext",
          "java/math/RoundingMode",
          // Scratch buffers: a builder is not a value the state may hold (the snapshot check
          // refuses it), so a method can only be filling one of its own.
          "java/lang/StringBuilder",
          "java/lang/StringBuffer",
          "java/util/StringJoiner");

  /** Packages whose every method leaves existing objects unchanged. */
  private static final Set<String> PURE_PACKAGES =
      Set.of("java/time/", "java/util/stream/", "java/util/function/");

  /** Static methods of java.util that leave their arguments unchanged. */
  private static final Set<String> PURE_STATICS =
      Set.of(
          "java/util/List.of",
          "java/util/List.copyOf",
          "java/util/Set.of",
          "java/util/Set.copyOf",
          "java/util/Map.of",
          "java/util/Map.copyOf",
          "java/util/Map.entry",
          "java/util/Map.ofEntries",
          "java/util/Arrays.asList",
          "java/util/Arrays.copyOf",
          "java/util/Arrays.copyOfRange",
          "java/util/Arrays.equals",
          "java/util/Arrays.deepEquals",
          "java/util/Arrays.hashCode",
          "java/util/Arrays.deepHashCode",
          "java/util/Arrays.toString",
          "java/util/Arrays.deepToString",
          "java/util/Arrays.stream",
          "java/util/Arrays.binarySearch",
          "java/util/Arrays.mismatch",
          "java/util/Arrays.compare",
          "java/util/Collections.max",
          "java/util/Collections.min",
          "java/util/Collections.frequency",
          "java/util/Collections.disjoint",
          "java/util/Collections.binarySearch",
          "java/util/Collections.nCopies",
          "java/util/Collections.unmodifiableList",
          "java/util/Collections.unmodifiableSet",
          "java/util/Collections.unmodifiableMap",
          "java/util/Collections.unmodifiableCollection",
          "java/util/Collections.unmodifiableSortedSet",
          "java/util/Collections.unmodifiableSortedMap",
          "java/util/Collections.unmodifiableNavigableSet",
          "java/util/Collections.unmodifiableNavigableMap",
          "java/util/Collections.emptyList",
          "java/util/Collections.emptySet",
          "java/util/Collections.emptyMap",
          "java/util/Collections.singletonList",
          "java/util/Collections.singleton",
          "java/util/Collections.singletonMap");

  /** Methods of java.util types, by name, that leave their receiver unchanged. */
  private static final Set<String> READ_METHODS =
      Set.of(
          "size",
          "isEmpty",
          "get",
          "getOrDefault",
          "contains",
          "containsKey",
          "containsValue",
          "containsAll",
          "indexOf",
          "lastIndexOf",
          "equals",
          "hashCode",
          "toString",
          "peek",
          "peekFirst",
          "peekLast",
          "element",
          "getFirst",
          "getLast",
          "first",
          "last",
          "firstKey",
          "lastKey",
          "firstEntry",
          "lastEntry",
          "floor",
          "floorKey",
          "floorEntry",
          "ceiling",
          "ceilingKey",
          "ceilingEntry",
          "higher",
          "higherKey",
          "higherEntry",
          "lower",
          "lowerKey",
          "lowerEntry",
          "headMap",
          "tailMap",
          "subMap",
          "headSet",
          "tailSet",
          "subSet",
          "descendingMap",
          "descendingSet",
          "descendingIterator",
          "navigableKeySet",
          "descendingKeySet",
          "keySet",
          "values",
          "entrySet",
          "iterator",
          "listIterator",
          "spliterator",
          "stream",
          "parallelStream",
          "forEach",
          "toArray",
          "subList",
          "comparator",
          "getKey",
          "getValue",
          "hasNext",
          "next",
          "hasPrevious",
          "previous",
          "nextIndex",
          "previousIndex",
          "reversed",
          "length",
          "cardinality",
          "nextSetBit",
          "nextClearBit",
          "isPresent",
          "orElse",
          "orElseThrow");

  private JdkEffects() {}

  /** Whether the call changes nothing that existed before it. */
  static boolean pure(String owner, String name, boolean isStatic) {
    if (PURE_CLASSES.contains(owner) || PURE_PACKAGES.stream().anyMatch(owner::startsWith)) {
      return true;
    }
    if (owner.startsWith("[")) {
      return true; // an array's methods: clone and Object's
    }
    if (owner.equals("java/lang/Object")) {
      return !name.equals("wait") && !name.startsWith("notify");
    }
    return isStatic && PURE_STATICS.contains(owner + "." + name);
  }

  /**
   * Whether {@code owner} is a type whose instances hold changeable data (collections, maps,
   * iterators, atomics), as opposed to services such as {@code TimeUnit}.
   */
  static boolean container(String owner) {
    return owner.startsWith("java/util/") && !owner.equals("java/util/concurrent/TimeUnit");
  }

  /** Whether an instance call of a java.util type leaves its receiver unchanged. */
  static boolean readsReceiver(String owner, String name) {
    return owner.startsWith("java/util/") && READ_METHODS.contains(name);
  }
}
