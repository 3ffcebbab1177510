package org.concoord.codegen.safety;

import java.util.Comparator;
import java.util.Objects;

/**
 * One unsafe construct: where ({@code className} without its package, e.g. {@code Counter} or
 * {@code Counter$1}; {@code member}, a method or field name; {@code line}, 0 when the bytecode has
 * none), what it is, and its category.
 */
public record Finding(String className, String member, int line, String what, Category category)
    implements Comparable<Finding> {
  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::className)
          .thenComparingInt(Finding::line)
          .thenComparing(Finding::member)
          .thenComparing(Finding::what)
          .thenComparing(Finding::category);

  public Finding {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(category, "category");
    if (line < 0) {
      throw new IllegalArgumentException("line " + line + " < 0");
    }
  }

  /** {@code Counter.tick:12: calls java.lang.System.currentTimeMillis() (reads a clock)}. */
  @Override
  public String toString() {
    return className
        + "."
        + member
        + (line > 0 ? ":" + line : "")
        + ": "
        + what
        + " ("
        + category.label()
        + ")";
  }

  @Override
  public int compareTo(Finding other) {
    return ORDER.compare(this, other);
  }
}
