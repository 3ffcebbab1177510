package org.concoord.simulator.check;

/**
 * The sequential specification of the replicated counter object: a long starting at 0.
 *
 * <ul>
 *   <li>{@code add(long delta) -> long}: adds {@code delta}, returns the new value;
 *   <li>{@code get() -> long}: returns the value;
 *   <li>{@code increment() -> void}: adds 1, returns nothing ({@code null});
 *   <li>{@code getvalue() -> long}: returns the value (the original ConCoord counter's name).
 * </ul>
 *
 * <p>Arithmetic wraps on overflow as Java's {@code long} does. The state is an immutable {@link
 * Long}, so equality and hashing come for free.
 */
public final class CounterModel implements Model<Long> {
  public static final String ADD = "add";
  public static final String GET = "get";
  public static final String INCREMENT = "increment";
  public static final String GETVALUE = "getvalue";

  public static Input add(long delta) {
    return Input.of(ADD, delta);
  }

  public static Input get() {
    return Input.of(GET);
  }

  public static Input increment() {
    return Input.of(INCREMENT);
  }

  public static Input getvalue() {
    return Input.of(GETVALUE);
  }

  @Override
  public Long initialState() {
    return 0L;
  }

  @Override
  public Long step(Long state, Input input, Object output) {
    Long next = stepIndeterminate(state, input);
    switch (input.method()) {
      case ADD:
        return isLong(output, next) ? next : null;
      case GET:
      case GETVALUE:
        return isLong(output, state) ? next : null;
      case INCREMENT:
        // A void method: any non-null output means the recorder or the object is wrong.
        return output == null ? next : null;
      default:
        throw unknownMethod(input);
    }
  }

  @Override
  public Long stepIndeterminate(Long state, Input input) {
    switch (input.method()) {
      case ADD:
        return state + input.longArgument();
      case INCREMENT:
        return state + 1;
      case GET:
      case GETVALUE:
        return state;
      default:
        throw unknownMethod(input);
    }
  }

  /** Whether an output is the long {@code expected}; an Integer counts, any other type does not. */
  private static boolean isLong(Object output, long expected) {
    return (output instanceof Long || output instanceof Integer)
        && ((Number) output).longValue() == expected;
  }

  private static IllegalArgumentException unknownMethod(Input input) {
    return new IllegalArgumentException("the counter has no method " + input);
  }
}
