package org.concoord.codegen.safety;

import java.util.List;

/**
 * A method (or constructor, {@code <init>}) that an object must not call, by owner, name and
 * descriptor, in JVM internal form. Owner and name may end in {@code *} (any suffix) or be {@code
 * *} alone; a name may also start with {@code *} (any prefix, e.g. {@code *Async}). A null
 * descriptor matches any.
 */
record CallPattern(Category category, String owner, String name, String descriptor) {
  static CallPattern call(Category category, String owner, String name) {
    return new CallPattern(category, owner, name, null);
  }

  static CallPattern call(Category category, String owner, String name, String descriptor) {
    return new CallPattern(category, owner, name, descriptor);
  }

  /** Every method of {@code owner}: a class, or a name prefix ending in {@code *}. */
  static CallPattern any(Category category, String owner) {
    return new CallPattern(category, owner, "*", null);
  }

  /** Each name of {@code names}, on {@code owner}, any descriptor. */
  static List<CallPattern> calls(Category category, String owner, String... names) {
    return java.util.Arrays.stream(names).map(n -> call(category, owner, n)).toList();
  }

  boolean matches(String callOwner, String callName, String callDescriptor) {
    return glob(owner, callOwner)
        && glob(name, callName)
        && (descriptor == null || descriptor.equals(callDescriptor));
  }

  private static boolean glob(String pattern, String text) {
    if (pattern.equals("*")) {
      return true;
    } else if (pattern.endsWith("*")) {
      return text.startsWith(pattern.substring(0, pattern.length() - 1));
    } else if (pattern.startsWith("*")) {
      return text.endsWith(pattern.substring(1));
    }
    return pattern.equals(text);
  }
}
