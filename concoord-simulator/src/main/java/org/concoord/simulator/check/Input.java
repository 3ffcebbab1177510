package org.concoord.simulator.check;

import java.util.Objects;

/**
 * What a client asked of the replicated object: a method name and its single argument, or {@code
 * null} for a method without one. Compared by value, so a model can switch on {@link #method()}.
 */
public record Input(String method, Object argument) {
  public Input {
    Objects.requireNonNull(method, "method");
    if (method.isEmpty()) {
      throw new IllegalArgumentException("method name must not be empty");
    }
  }

  /** A call of a method without arguments, such as {@code get()}. */
  public static Input of(String method) {
    return new Input(method, null);
  }

  /** A call of a method with one argument, such as {@code add(5)}. */
  public static Input of(String method, Object argument) {
    return new Input(method, argument);
  }

  /**
   * The argument as a long, for models whose methods take one.
   *
   * @throws IllegalArgumentException if the argument is absent or not an integral number, so a
   *     malformed history fails loudly instead of being judged
   */
  public long longArgument() {
    if (argument instanceof Long || argument instanceof Integer) {
      return ((Number) argument).longValue();
    }
    throw new IllegalArgumentException(method + " needs a long argument, got: " + argument);
  }

  @Override
  public String toString() {
    return method + "(" + (argument == null ? "" : argument) + ")";
  }
}
