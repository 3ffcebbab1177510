package org.concoord.codegen.safety;

import java.util.List;
import java.util.Set;

/**
 * The allow-list: the JDK classes and methods known to be deterministic and harmless for a
 * replicated object, everything else being a finding. A deny-list cannot be complete (the review of
 * December 2026 passed {@code java.beans.Statement}, {@code Set.of} iteration and {@code
 * TimeUnit.sleep} through one); an allow-list fails closed. The checker still matches the deny
 * patterns first, for their precise categories; this list decides what is left.
 *
 * <p>Allowed: the object's own classes (read by the checker itself); {@code java.lang} values,
 * strings, boxes, {@code Math} but its platform-dependent functions, exceptions; the {@code
 * java.util} collections, maps, {@code Optional}, {@code Objects}, {@code Arrays}, {@code
 * Collections}, regex; {@code java.util.function}, sequential streams; {@code java.math}; {@code
 * java.time} values (not the clock, zones or formatting); ConCoord's {@code Caller}, {@code Parked}
 * and {@code core.sync} primitives. Immutable.
 */
final class AllowedJdk {
  /** Packages whose every class is allowed (internal names, ending in '/'). */
  private static final List<String> PACKAGES =
      List.of(
          "java/util/function/", "java/math/", "java/time/temporal/", "org/concoord/core/sync/");

  /** Classes whose every method is allowed unless a deny pattern or METHODS_DENIED says so. */
  private static final Set<String> CLASSES =
      Set.of(
          // java.lang
          "java/lang/Object",
          "java/lang/String",
          "java/lang/StringBuilder",
          "java/lang/CharSequence",
          "java/lang/Character",
          "java/lang/Boolean",
          "java/lang/Byte",
          "java/lang/Short",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/Float",
          "java/lang/Double",
          "java/lang/Number",
          "java/lang/Math",
          "java/lang/StrictMath",
          "java/lang/Enum",
          "java/lang/Record",
          "java/lang/Iterable",
          "java/lang/Comparable",
          "java/lang/AutoCloseable",
          "java/lang/Runnable",
          "java/lang/Void",
          "java/lang/Throwable",
          "java/lang/Character$UnicodeBlock",
          // java.util
          "java/util/ArrayList",
          "java/util/LinkedList",
          "java/util/HashMap",
          "java/util/LinkedHashMap",
          "java/util/TreeMap",
          "java/util/HashSet",
          "java/util/LinkedHashSet",
          "java/util/TreeSet",
          "java/util/ArrayDeque",
          "java/util/PriorityQueue",
          "java/util/EnumMap",
          "java/util/EnumSet",
          "java/util/BitSet",
          "java/util/Collections",
          "java/util/Arrays",
          "java/util/List",
          "java/util/Map",
          "java/util/Set",
          "java/util/Collection",
          "java/util/Iterator",
          "java/util/ListIterator",
          "java/util/Deque",
          "java/util/Queue",
          "java/util/NavigableMap",
          "java/util/NavigableSet",
          "java/util/SortedMap",
          "java/util/SortedSet",
          "java/util/Map$Entry",
          "java/util/AbstractMap",
          "java/util/AbstractMap$SimpleEntry",
          "java/util/AbstractMap$SimpleImmutableEntry",
          "java/util/AbstractList",
          "java/util/AbstractSet",
          "java/util/AbstractCollection",
          "java/util/AbstractQueue",
          "java/util/AbstractSequentialList",
          "java/util/Optional",
          "java/util/OptionalInt",
          "java/util/OptionalLong",
          "java/util/OptionalDouble",
          "java/util/Objects",
          "java/util/StringJoiner",
          "java/util/Comparator",
          "java/util/UUID",
          "java/util/Base64",
          "java/util/Base64$Encoder",
          "java/util/Base64$Decoder",
          "java/util/HexFormat",
          "java/util/IntSummaryStatistics",
          "java/util/LongSummaryStatistics",
          "java/util/DoubleSummaryStatistics",
          "java/util/RandomAccess",
          "java/util/regex/Pattern",
          "java/util/regex/Matcher",
          "java/util/regex/MatchResult",
          "java/util/concurrent/atomic/AtomicInteger",
          "java/util/concurrent/atomic/AtomicLong",
          "java/util/concurrent/atomic/AtomicBoolean",
          // streams, sequential (parallel() and parallelStream() are deny patterns)
          "java/util/stream/Stream",
          "java/util/stream/IntStream",
          "java/util/stream/LongStream",
          "java/util/stream/DoubleStream",
          "java/util/stream/Collectors",
          "java/util/stream/Collector",
          "java/util/stream/BaseStream",
          "java/util/stream/Stream$Builder",
          // java.time values (now() and the clock are deny patterns)
          "java/time/Instant",
          "java/time/Duration",
          "java/time/LocalDate",
          "java/time/LocalTime",
          "java/time/LocalDateTime",
          "java/time/Period",
          "java/time/DayOfWeek",
          "java/time/Month",
          "java/time/Year",
          "java/time/YearMonth",
          "java/time/ZoneOffset",
          "java/nio/charset/StandardCharsets",
          "java/util/Locale",
          // ConCoord's own, for objects
          "org/concoord/core/host/Caller",
          "org/concoord/core/host/Parked",
          "org/concoord/core/host/SessionAware");

  /**
   * Methods of allowed classes that are not deterministic across machines: "owner.name" or
   * "owner.name descriptor". Each with why, for the finding.
   */
  private static final List<String[]> METHODS_DENIED =
      List.of(
          denied("java/lang/String.toLowerCase ()Ljava/lang/String;", "uses the default locale"),
          denied("java/lang/String.toUpperCase ()Ljava/lang/String;", "uses the default locale"),
          denied(
              "java/lang/String.format (Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;",
              "uses the default locale"),
          denied("java/lang/String.formatted", "uses the default locale"),
          denied("java/lang/String.getBytes ()[B", "uses the default charset"),
          denied("java/lang/String.<init> ([B)V", "uses the default charset"),
          denied("java/lang/String.<init> ([BII)V", "uses the default charset"),
          denied("java/lang/Throwable.printStackTrace", "writes to the node's standard error"),
          denied("java/util/Set.of", "iterates in an order salted per JVM"),
          denied("java/util/Set.copyOf", "iterates in an order salted per JVM"),
          denied("java/util/Map.of", "iterates in an order salted per JVM"),
          denied("java/util/Map.ofEntries", "iterates in an order salted per JVM"),
          denied("java/util/Map.copyOf", "iterates in an order salted per JVM"),
          denied(
              "java/util/stream/Collectors.toUnmodifiableSet",
              "iterates in an order salted per JVM"),
          denied(
              "java/util/stream/Collectors.toUnmodifiableMap",
              "iterates in an order salted per JVM"),
          denied("java/util/Arrays.parallelSort", "runs on other threads"),
          denied("java/util/Arrays.parallelSetAll", "runs on other threads"),
          denied("java/util/Arrays.parallelPrefix", "runs on other threads"),
          denied("java/util/Collections.synchronizedMap", "locks"),
          denied("java/lang/Object.wait", "waits"),
          denied("java/lang/Object.notify", "waits"),
          denied("java/lang/Object.notifyAll", "waits"));

  /** Math's functions that may differ by an ulp between CPUs and JIT intrinsics. */
  private static final Set<String> MATH_PLATFORM =
      Set.of(
          "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "exp", "expm1", "log", "log10",
          "log1p", "pow", "sinh", "cosh", "tanh", "hypot", "cbrt");

  /** invokedynamic bootstraps javac emits for lambdas, string concatenation and records. */
  private static final Set<String> BOOTSTRAPS =
      Set.of(
          "java/lang/invoke/LambdaMetafactory.metafactory",
          "java/lang/invoke/LambdaMetafactory.altMetafactory",
          "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
          "java/lang/runtime/ObjectMethods.bootstrap");

  /** Class methods that only describe the class. */
  private static final Set<String> CLASS_METHODS =
      Set.of(
          "getName",
          "getSimpleName",
          "isInstance",
          "cast",
          "desiredAssertionStatus",
          "isEnum",
          "isArray",
          "isRecord",
          "getEnumConstants",
          "getComponentType",
          "isAssignableFrom",
          "getTypeName");

  private AllowedJdk() {}

  private static String[] denied(String method, String why) {
    return new String[] {method, why};
  }

  /** Whether {@code owner} may be used as a type (extended, created, its methods called). */
  static boolean allowsType(String owner) {
    return owner.startsWith("[")
        || CLASSES.contains(owner)
        || isAllowedPackage(owner)
        || isPlainException(owner);
  }

  /**
   * Why a call of {@code owner.name descriptor} is not allowed, or null if it is. The owner is not
   * one of the object's own classes.
   */
  static String refusal(String owner, String name, String descriptor) {
    if (owner.startsWith("[")) {
      return null; // clone() of an array
    }
    if (isTrivialImmutable(owner, name, descriptor)) {
      return null; // empty or one element: no order to salt
    }
    for (String[] entry : METHODS_DENIED) {
      String method = entry[0];
      int space = method.indexOf(' ');
      String target = space < 0 ? method : method.substring(0, space);
      if (target.equals(owner + "." + name)
          && (space < 0 || method.substring(space + 1).equals(descriptor))) {
        return entry[1];
      }
    }
    if ((owner.equals("java/lang/Math")) && MATH_PLATFORM.contains(name)) {
      return "may differ in the last bit between CPUs; use StrictMath." + name;
    }
    if (owner.equals("java/lang/Class")) {
      return CLASS_METHODS.contains(name) ? null : "reflects on classes";
    }
    if (owner.equals("java/lang/System") && name.equals("arraycopy")) {
      return null;
    }
    return allowsType(owner) ? null : "is not on the list of classes known to be deterministic";
  }

  /** {@code Set.of()}, {@code Set.of(e)}, {@code Map.of()}, {@code Map.of(k, v)}. */
  private static boolean isTrivialImmutable(String owner, String name, String descriptor) {
    if (!name.equals("of")) {
      return false;
    }
    return owner.equals("java/util/Set")
            && (descriptor.equals("()Ljava/util/Set;")
                || descriptor.equals("(Ljava/lang/Object;)Ljava/util/Set;"))
        || owner.equals("java/util/Map")
            && (descriptor.equals("()Ljava/util/Map;")
                || descriptor.equals("(Ljava/lang/Object;Ljava/lang/Object;)Ljava/util/Map;"));
  }

  /** Why an invokedynamic or constant-dynamic bootstrap is not allowed, or null. */
  static String bootstrapRefusal(String owner, String name) {
    return BOOTSTRAPS.contains(owner + "." + name)
        ? null
        : "is a bootstrap method the check cannot follow";
  }

  private static boolean isAllowedPackage(String owner) {
    for (String prefix : PACKAGES) {
      if (owner.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * java.lang's and java.util's exceptions, and java.io's two that say nothing about I/O; not the
   * virtual machine's errors (throwing OutOfMemoryError or StackOverflowError kills the node).
   */
  private static boolean isPlainException(String owner) {
    boolean inPackage =
        owner.startsWith("java/lang/") && owner.lastIndexOf('/') == 9
            || owner.startsWith("java/util/") && owner.lastIndexOf('/') == 9
            || owner.equals("java/io/UncheckedIOException")
            || owner.equals("java/io/IOException")
            || owner.equals("java/time/DateTimeException");
    boolean named = owner.endsWith("Exception") || owner.equals("java/lang/AssertionError");
    return inPackage && named;
  }
}
