package org.concoord.simulator.check;

import java.util.Objects;

/**
 * One client operation as the client saw it: invoked at {@code invokeTime}, and either answered
 * with {@code output} at {@code completeTime} ({@link Status#COMPLETED}) or never answered ({@link
 * Status#INDETERMINATE}).
 *
 * <p>An indeterminate operation (timed out, connection lost, client crashed) may or may not have
 * taken effect, and if it did, at any time after its invocation: its completion time is {@link
 * #NEVER} (+infinity) and its output is unknown ({@code null}). These are Porcupine's and Knossos'
 * semantics; they are what makes a client's retry after a timeout checkable.
 *
 * <p>Times are ticks of whatever clock the recorder used; only their order matters. An operation
 * that completed at time t and one invoked at the same t are treated as concurrent, which can only
 * accept more histories, never reject a linearizable one.
 *
 * @param id the operation's index in its {@link History}, used to name it in explanations
 * @param client the client that invoked it
 * @param output the method's result; {@code null} for a void method or an indeterminate operation
 */
public record Operation(
    int id,
    int client,
    Input input,
    long invokeTime,
    long completeTime,
    Object output,
    Status status) {

  /** The completion time of an operation that never answered: after every real time. */
  public static final long NEVER = Long.MAX_VALUE;

  /** Longest rendering of an output in {@link #toString()}; lists of thousands stay readable. */
  private static final int OUTPUT_CHARS_MAX = 80;

  /** Whether the client learned the operation's outcome. */
  public enum Status {
    /** Answered: the output is known and the operation took effect before {@code completeTime}. */
    COMPLETED,
    /** Never answered: it may have taken effect at any time after invocation, or never. */
    INDETERMINATE
  }

  public Operation {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(status, "status");
    if (id < 0) {
      throw new IllegalArgumentException("operation id must be >= 0: " + id);
    }
    if (status == Status.INDETERMINATE && completeTime != NEVER) {
      throw new IllegalArgumentException("an indeterminate operation never completes: " + id);
    }
    if (status == Status.INDETERMINATE && output != null) {
      throw new IllegalArgumentException("an indeterminate operation has no output: " + id);
    }
    if (status == Status.COMPLETED && completeTime == NEVER) {
      throw new IllegalArgumentException("a completed operation needs a real time: " + id);
    }
    if (completeTime < invokeTime) {
      throw new IllegalArgumentException(
          "operation " + id + " completes at " + completeTime + " before invoke " + invokeTime);
    }
  }

  /** An answered operation. */
  public static Operation completed(
      int id, int client, Input input, long invokeTime, long completeTime, Object output) {
    return new Operation(id, client, input, invokeTime, completeTime, output, Status.COMPLETED);
  }

  /** An operation that never answered. */
  public static Operation indeterminate(int id, int client, Input input, long invokeTime) {
    return new Operation(id, client, input, invokeTime, NEVER, null, Status.INDETERMINATE);
  }

  public boolean isCompleted() {
    return status == Status.COMPLETED;
  }

  /**
   * Whether this operation completed strictly before {@code later} was invoked (real-time order).
   */
  public boolean precedes(Operation later) {
    return completeTime < later.invokeTime;
  }

  /** For example {@code op#12 client 3 add(5) -> 17 [100..140]}, or {@code ... -> ? [100..]}. */
  @Override
  public String toString() {
    String result = isCompleted() ? abbreviate(String.valueOf(output)) : "?";
    String end = isCompleted() ? String.valueOf(completeTime) : "";
    return "op#"
        + id
        + " client "
        + client
        + " "
        + input
        + " -> "
        + result
        + " ["
        + invokeTime
        + ".."
        + end
        + "]";
  }

  private static String abbreviate(String text) {
    if (text.length() <= OUTPUT_CHARS_MAX) {
      return text;
    }
    int half = OUTPUT_CHARS_MAX / 2;
    return text.substring(0, half) + "..." + text.substring(text.length() - half);
  }
}
