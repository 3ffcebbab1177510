package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sequential specification of a counting semaphore of a fixed number of permits, the argument
 * of every input being the calling client's id:
 *
 * <ul>
 *   <li>{@code down(client) -> long}: possible only while a permit is free; the client holds one
 *       more and gets the next token (1, 2, 3, ...: one per grant);
 *   <li>{@code up(client) -> void}: possible only for a client holding a permit; returns one.
 * </ul>
 *
 * <p>As with {@link LockModel}, a blocked {@code down} may be granted anywhere in its interval.
 */
public final class SemaphoreModel implements Model<SemaphoreModel.State> {
  public static final String DOWN = "down";
  public static final String UP = "up";

  /**
   * The clients holding permits, sorted (a client holding two appears twice), and the next token.
   */
  public record State(List<Long> holders, long nextToken) {}

  private final int permits;

  public SemaphoreModel(int permits) {
    if (permits <= 0) {
      throw new IllegalArgumentException("permits must be > 0: " + permits);
    }
    this.permits = permits;
  }

  public static Input down(long client) {
    return Input.of(DOWN, client);
  }

  public static Input up(long client) {
    return Input.of(UP, client);
  }

  @Override
  public State initialState() {
    return new State(List.of(), 1);
  }

  @Override
  public State step(State state, Input input, Object output) {
    State next = stepIndeterminate(state, input);
    if (next == null) {
      return null;
    }
    return input.method().equals(DOWN)
        ? (LockModel.isLong(output, state.nextToken()) ? next : null)
        : (output == null ? next : null);
  }

  @Override
  public State stepIndeterminate(State state, Input input) {
    long client = input.longArgument();
    List<Long> holders = new ArrayList<>(state.holders());
    switch (input.method()) {
      case DOWN -> {
        if (holders.size() >= permits) {
          return null;
        }
        holders.add(client);
        Collections.sort(holders);
        return new State(List.copyOf(holders), state.nextToken() + 1);
      }
      case UP -> {
        return holders.remove(Long.valueOf(client))
            ? new State(List.copyOf(holders), state.nextToken())
            : null;
      }
      default -> throw new IllegalArgumentException("the semaphore has no method " + input);
    }
  }
}
