package org.concoord.simulator.check;

/**
 * The sequential specification of a mutual-exclusion lock with fencing tokens, the argument of
 * every input being the calling client's id:
 *
 * <ul>
 *   <li>{@code acquire(client) -> long}: possible only while the lock is free; the client becomes
 *       the holder and gets the next token (1, 2, 3, ...: one per grant);
 *   <li>{@code release(client) -> void}: possible only for the holder; frees the lock;
 *   <li>{@code touch(client) -> long}: the critical section, possible only for the holder; returns
 *       its client id.
 * </ul>
 *
 * <p>A blocked acquire is one call whose interval runs from its invocation to its final UNBLOCKED
 * reply; the search may place its grant anywhere inside, which is exactly the lock's contract (it
 * was granted at some point while the client waited). Hand-off order among waiters (FIFO) is not a
 * linearizability property and is not checked here.
 */
public final class LockModel implements Model<LockModel.State> {
  public static final String ACQUIRE = "acquire";
  public static final String RELEASE = "release";
  public static final String TOUCH = "touch";

  /** No client holds the lock. */
  public static final long FREE = Long.MIN_VALUE;

  /** The holder (or {@link #FREE}) and the token the next grant returns. */
  public record State(long holder, long nextToken) {
    @Override
    public String toString() {
      return (holder == FREE ? "free" : "held by " + holder) + ", next token " + nextToken;
    }
  }

  public static Input acquire(long client) {
    return Input.of(ACQUIRE, client);
  }

  public static Input release(long client) {
    return Input.of(RELEASE, client);
  }

  public static Input touch(long client) {
    return Input.of(TOUCH, client);
  }

  @Override
  public State initialState() {
    return new State(FREE, 1);
  }

  @Override
  public State step(State state, Input input, Object output) {
    State next = stepIndeterminate(state, input);
    if (next == null) {
      return null;
    }
    return switch (input.method()) {
      case ACQUIRE -> isLong(output, state.nextToken()) ? next : null;
      case RELEASE -> output == null ? next : null;
      default -> isLong(output, input.longArgument()) ? next : null; // TOUCH
    };
  }

  @Override
  public State stepIndeterminate(State state, Input input) {
    long client = input.longArgument();
    return switch (input.method()) {
      case ACQUIRE -> state.holder() == FREE ? new State(client, state.nextToken() + 1) : null;
      case RELEASE -> state.holder() == client ? new State(FREE, state.nextToken()) : null;
      case TOUCH -> state.holder() == client ? state : null;
      default -> throw new IllegalArgumentException("the lock has no method " + input);
    };
  }

  static boolean isLong(Object output, long expected) {
    return (output instanceof Long || output instanceof Integer)
        && ((Number) output).longValue() == expected;
  }
}
