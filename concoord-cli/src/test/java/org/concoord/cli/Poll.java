package org.concoord.cli;

/**
 * Bounded polling for the process-level tests: ask again, a pause apart, until there is an answer
 * or the deadline passes. What is awaited is real (JVMs, sockets, files, a Prometheus); protocol
 * steps are never awaited so, they run in the deterministic simulator.
 */
public final class Poll {
  /** A question asked again and again: null, or {@code false}, means "not yet". */
  @FunctionalInterface
  public interface Probe<T> {
    T ask() throws Exception;
  }

  /** What must hold while it is asked: it throws (an assertion) when it does not. */
  @FunctionalInterface
  public interface Check {
    void check() throws Exception;
  }

  private Poll() {}

  /**
   * The first answer of {@code probe} (asked at once, then every {@code pauseMillis}), or null if
   * there is none within {@code seconds}.
   */
  public static <T> T answer(long seconds, long pauseMillis, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      T answer = probe.ask();
      if (answer != null && !Boolean.FALSE.equals(answer)) {
        return answer;
      }
      if (System.nanoTime() - deadline >= 0) {
        return null;
      }
      Thread.sleep(pauseMillis);
    }
  }

  /** Whether {@code condition} came true within {@code seconds}. */
  public static boolean until(long seconds, long pauseMillis, Probe<Boolean> condition)
      throws Exception {
    return answer(seconds, pauseMillis, condition) != null;
  }

  /**
   * Checks {@code check} at once, then every {@code pauseMillis}, for {@code seconds}: a window in
   * which something must hold throughout (a failed check ends it), not a wait.
   */
  public static void during(long seconds, long pauseMillis, Check check) throws Exception {
    answer(
        seconds,
        pauseMillis,
        () -> {
          check.check();
          return null;
        });
  }

  /**
   * The first answer of {@code probe} within {@code seconds}; else an AssertionError with the text
   * of {@code failure}, made then (so that it can name the last state seen).
   */
  public static <T> T await(long seconds, long pauseMillis, Probe<String> failure, Probe<T> probe)
      throws Exception {
    T answer = answer(seconds, pauseMillis, probe);
    if (answer == null) {
      throw new AssertionError(failure.ask());
    }
    return answer;
  }
}
