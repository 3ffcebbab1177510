package org.concoord.simulator.check;

/**
 * The sequential specification of one replicated object: what each method does to the state and
 * what it returns, if the object ran on one machine with one caller at a time.
 *
 * <p>States must be immutable: the checker keeps earlier states to backtrack to and memoizes on
 * them, so a step returns a new state and never changes its argument. Equal states must be
 * interchangeable (same future behaviour), since the search prunes on (operations linearized,
 * state) pairs it has already explored.
 *
 * @param <S> the object's state
 */
public interface Model<S> {
  /** The state of a freshly created object. */
  S initialState();

  /**
   * The state after {@code input} takes effect in {@code state} and returns {@code output}.
   *
   * @return the next state, or {@code null} if {@code input} cannot return {@code output} in {@code
   *     state}
   * @throws IllegalArgumentException if the input or output is malformed for this object (an
   *     unknown method, a missing argument): a recorder bug, not a consistency violation
   */
  S step(S state, Input input, Object output);

  /**
   * The state after {@code input} takes effect in {@code state} with an output nobody saw (the
   * client gave up on it).
   *
   * @return the next state, or {@code null} if {@code input} cannot take effect in {@code state} at
   *     all (it then may still never have happened)
   */
  S stepIndeterminate(S state, Input input);

  /** Whether two states behave alike in every future; equality by default. */
  default boolean stateEquals(S first, S second) {
    return first.equals(second);
  }

  /** A hash consistent with {@link #stateEquals}. */
  default int stateHash(S state) {
    return state.hashCode();
  }

  /** A short rendering of a state for explanations. */
  default String describe(S state) {
    return String.valueOf(state);
  }
}
