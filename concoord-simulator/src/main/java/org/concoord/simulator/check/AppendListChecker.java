package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks an append-only list workload in O(n log n) plus the size of the outputs, without a search
 * (Elle's list-append idea, Accord's verifier): {@code append(v) -> List<Long>} appends a value
 * unique to the history and returns the whole list after it; {@code read() -> List<Long>} returns
 * the list. Every output reveals the order of every append before it, so the linearization is
 * forced and only needs checking:
 *
 * <ol>
 *   <li>an append's list ends with its own value;
 *   <li>every observed list is a prefix of the longest one;
 *   <li>no value appears twice in it (no duplicated write);
 *   <li>every value in it was appended by some operation (no read of a value never written);
 *   <li>real time: an operation invoked after another completed observes at least as long a list,
 *       and strictly longer if it is an append (no lost write, no stale read, no append ordered
 *       before one that completed before it began, no value seen before it was appended).
 * </ol>
 *
 * <p>These are exactly the conditions for linearizability, so a pass means LINEARIZABLE: order the
 * operations by observed length, an append before the reads of its length. An indeterminate append
 * counts as having happened at its position if its value is in the list, and as never having
 * happened otherwise; an indeterminate read observed nothing.
 *
 * <p>Stateless and thread-safe. Reads no clock.
 */
public final class AppendListChecker {
  public static final String APPEND = "append";
  public static final String READ = "read";

  public static Input append(long value) {
    return Input.of(APPEND, value);
  }

  public static Input read() {
    return Input.of(READ);
  }

  public CheckResult check(History history) {
    return check(history.operations());
  }

  /**
   * Checks the operations, in any order.
   *
   * @throws IllegalArgumentException if the history is malformed rather than inconsistent: an
   *     unknown method, two appends of one value, an output that is not a list of longs
   */
  public CheckResult check(List<Operation> operations) {
    Map<Long, Operation> appendOf = appendsByValue(operations);
    CheckResult failure = checkOwnValuesLast(operations);
    Operation longest = longestObserver(operations);
    if (failure == null && longest != null) {
      failure = checkPrefixes(operations, longest);
    }
    Map<Long, Integer> indexOf = new HashMap<>();
    if (failure == null && longest != null) {
      failure = indexValues(longest, operations, appendOf, indexOf);
    }
    if (failure == null) {
      failure = checkRealTime(observations(operations, indexOf));
    }
    if (failure != null) {
      return failure;
    }
    int length = longest == null ? 0 : list(longest).size();
    return CheckResult.linearizable(
        operations.size() + " operations linearizable; list of " + length + " values");
  }

  private static Map<Long, Operation> appendsByValue(List<Operation> operations) {
    Map<Long, Operation> appendOf = new HashMap<>();
    for (Operation operation : operations) {
      String method = operation.input().method();
      if (operation.isCompleted()) {
        list(operation); // Fails early on a malformed output.
      }
      if (method.equals(READ)) {
        continue;
      }
      if (!method.equals(APPEND)) {
        throw new IllegalArgumentException("the list has no method " + operation);
      }
      Operation other = appendOf.put(operation.input().longArgument(), operation);
      if (other != null) {
        throw new IllegalArgumentException("values must be unique: " + other + ", " + operation);
      }
    }
    return appendOf;
  }

  private static CheckResult checkOwnValuesLast(List<Operation> operations) {
    for (Operation operation : operations) {
      if (!operation.isCompleted() || !isAppend(operation)) {
        continue;
      }
      List<?> list = list(operation);
      long value = operation.input().longArgument();
      if (list.isEmpty() || valueAt(list, list.size() - 1) != value) {
        return CheckResult.violation(
            "append returned a list that does not end with its own value "
                + value
                + ": "
                + operation,
            operation);
      }
    }
    return null;
  }

  /** The completed operation that observed the longest list (the first such), or null if none. */
  private static Operation longestObserver(List<Operation> operations) {
    Operation longest = null;
    for (Operation operation : operations) {
      if (operation.isCompleted()
          && (longest == null || list(operation).size() > list(longest).size())) {
        longest = operation;
      }
    }
    return longest;
  }

  private static CheckResult checkPrefixes(List<Operation> operations, Operation longest) {
    List<?> full = list(longest);
    for (Operation operation : operations) {
      if (!operation.isCompleted()) {
        continue;
      }
      List<?> list = list(operation);
      for (int index = 0; index < list.size(); index++) {
        if (valueAt(list, index) != valueAt(full, index)) {
          return CheckResult.violation(
              "lists diverge at index "
                  + index
                  + ": "
                  + operation
                  + " saw "
                  + valueAt(list, index)
                  + " where "
                  + longest
                  + " saw "
                  + valueAt(full, index)
                  + " (not prefixes of one another)",
              operation,
              longest);
        }
      }
    }
    return null;
  }

  /** Fills value -> index of the longest list; fails on a duplicate or a value never appended. */
  private static CheckResult indexValues(
      Operation longest,
      List<Operation> operations,
      Map<Long, Operation> appendOf,
      Map<Long, Integer> indexOf) {
    List<?> full = list(longest);
    for (int index = 0; index < full.size(); index++) {
      long value = valueAt(full, index);
      Integer earlier = indexOf.putIfAbsent(value, index);
      Operation appender = appendOf.get(value);
      if (earlier != null) {
        return CheckResult.violation(
            "duplicated write: value "
                + value
                + " is at indexes "
                + earlier
                + " and "
                + index
                + " of the list seen by "
                + longest
                + "; appended once by "
                + appender,
            appender,
            longest);
      }
      if (appender == null) {
        Operation observer = firstObserver(operations, index);
        return CheckResult.violation(
            "read of a value never written: "
                + observer
                + " saw "
                + value
                + " at index "
                + index
                + ", which no operation appended",
            observer);
      }
    }
    return null;
  }

  /** The completed operation with the shortest list that still reaches {@code index}. */
  private static Operation firstObserver(List<Operation> operations, int index) {
    return operations.stream()
        .filter(operation -> operation.isCompleted() && list(operation).size() > index)
        .min(Comparator.comparingInt(operation -> list(operation).size()))
        .orElseThrow();
  }

  /**
   * What each operation observed, as a length of the list: a completed one its output's size; an
   * indeterminate append whose value is in the list, its index + 1 (it happened there). Others
   * observed nothing and constrain nothing.
   */
  private static List<Observation> observations(
      List<Operation> operations, Map<Long, Integer> indexOf) {
    List<Observation> observations = new ArrayList<>(operations.size());
    for (Operation operation : operations) {
      if (operation.isCompleted()) {
        observations.add(new Observation(operation, list(operation).size()));
      } else if (isAppend(operation)) {
        Integer index = indexOf.get(operation.input().longArgument());
        if (index != null) {
          observations.add(new Observation(operation, index + 1));
        }
      }
    }
    return observations;
  }

  /**
   * For every pair where X completed before Y was invoked, Y must observe at least X's length, and
   * more if Y is an append (its value lies beyond what X saw). A sweep in invocation order, keeping
   * the longest observation among operations completed before, checks all pairs in n log n.
   */
  private static CheckResult checkRealTime(List<Observation> observations) {
    List<Observation> byInvoke = new ArrayList<>(observations);
    byInvoke.sort(Comparator.comparingLong(o -> o.operation.invokeTime()));
    List<Observation> byComplete = new ArrayList<>(observations);
    byComplete.removeIf(o -> !o.operation.isCompleted());
    byComplete.sort(Comparator.comparingLong(o -> o.operation.completeTime()));
    Observation before = null;
    int completed = 0;
    for (Observation later : byInvoke) {
      long invoked = later.operation.invokeTime();
      while (completed < byComplete.size()
          && byComplete.get(completed).operation.completeTime() < invoked) {
        Observation candidate = byComplete.get(completed++);
        if (before == null || candidate.length > before.length) {
          before = candidate;
        }
      }
      if (before != null && isTooShort(later, before)) {
        return CheckResult.violation(
            realTimeViolation(before, later), before.operation, later.operation);
      }
    }
    return null;
  }

  private static boolean isTooShort(Observation later, Observation before) {
    return isAppend(later.operation) ? later.length <= before.length : later.length < before.length;
  }

  private static String realTimeViolation(Observation before, Observation later) {
    String order = later.operation + " was invoked after " + before.operation + " completed";
    if (!isAppend(later.operation)) {
      String kind = isAppend(before.operation) ? "lost write or stale read" : "stale read";
      return kind
          + ": "
          + order
          + ", but saw "
          + later.length
          + " values where the earlier saw "
          + before.length;
    }
    String kind =
        isAppend(before.operation) ? "real-time order violated" : "read of a value not yet written";
    return kind
        + ": "
        + order
        + ", but its value is at index "
        + (later.length - 1)
        + ", within the "
        + before.length
        + " values the earlier one saw";
  }

  private static boolean isAppend(Operation operation) {
    return operation.input().method().equals(APPEND);
  }

  private static List<?> list(Operation operation) {
    if (!(operation.output() instanceof List<?> list)) {
      throw new IllegalArgumentException("output must be a list of longs: " + operation);
    }
    return list;
  }

  private static long valueAt(List<?> list, int index) {
    Object value = list.get(index);
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException("list values must be longs: " + value);
  }

  /** The length of the list an operation observed (or, for an indeterminate append, made). */
  private record Observation(Operation operation, int length) {
    Observation {
      Objects.requireNonNull(operation, "operation");
    }
  }
}
