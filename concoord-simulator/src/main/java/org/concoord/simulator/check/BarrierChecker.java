package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A direct check of a cyclic barrier of a fixed number of parties: {@code await(client) -> long}
 * returns the generation (0, 1, 2, ...) it was released in. An await is not an atomic operation (it
 * spans other clients' arrivals), so this is not a linearizability search; it checks:
 *
 * <ol>
 *   <li>each generation from 0 to the largest seen has exactly {@code parties} completed awaits,
 *       except that indeterminate awaits (outcome unknown) may make up a shortfall;
 *   <li>no await of a generation completed before another await of it was invoked: nobody left
 *       before the last party arrived;
 *   <li>no await of a later generation completed before an await of an earlier one was invoked;
 *   <li>each client's generations strictly increase from one await to its next.
 * </ol>
 *
 * <p>A waiter left behind shows as a generation short of parties (or, in the simulator, a call that
 * never completes: a liveness failure). Stateless and thread-safe.
 */
public final class BarrierChecker {
  public static final String AWAIT = "await";

  private final int parties;

  public BarrierChecker(int parties) {
    if (parties <= 0) {
      throw new IllegalArgumentException("parties must be > 0: " + parties);
    }
    this.parties = parties;
  }

  public static Input await(long client) {
    return Input.of(AWAIT, client);
  }

  public CheckResult check(History history) {
    return check(history.operations());
  }

  public CheckResult check(List<Operation> operations) {
    TreeMap<Long, List<Operation>> byGeneration = new TreeMap<>();
    int indeterminate = 0;
    for (Operation operation : operations) {
      if (!operation.input().method().equals(AWAIT)) {
        throw new IllegalArgumentException("the barrier has no method " + operation.input());
      }
      if (!operation.isCompleted()) {
        indeterminate++;
        continue;
      }
      long generation = generation(operation);
      if (generation < 0) {
        return CheckResult.violation("a negative generation: " + operation, operation);
      }
      byGeneration.computeIfAbsent(generation, g -> new ArrayList<>()).add(operation);
    }
    CheckResult failure = checkCounts(byGeneration, indeterminate);
    if (failure == null) {
      failure = checkRealTime(byGeneration);
    }
    if (failure == null) {
      failure = checkPerClient(operations);
    }
    return failure != null
        ? failure
        : CheckResult.linearizable(byGeneration.size() + " barrier generations of " + parties);
  }

  private CheckResult checkCounts(TreeMap<Long, List<Operation>> byGeneration, int indeterminate) {
    long shortfall = 0;
    long last = byGeneration.isEmpty() ? -1 : byGeneration.lastKey();
    for (long g = 0; g <= last; g++) {
      List<Operation> members = byGeneration.getOrDefault(g, List.of());
      if (members.size() > parties) {
        return CheckResult.violation(
            "generation "
                + g
                + " released "
                + members.size()
                + " awaits, more than "
                + parties
                + " parties: "
                + members,
            members.toArray(Operation[]::new));
      }
      shortfall += parties - members.size();
      if (shortfall > indeterminate) {
        return CheckResult.violation(
            "generation "
                + g
                + " released with "
                + members.size()
                + " of "
                + parties
                + " parties (and too few unanswered awaits to make up the rest): "
                + members,
            members.toArray(Operation[]::new));
      }
    }
    return null;
  }

  /**
   * Conditions 2 and 3 together: for each generation g, no await of generation >= g completed
   * before an await of generation <= g was invoked (other than itself).
   */
  private static CheckResult checkRealTime(TreeMap<Long, List<Operation>> byGeneration) {
    // Walk generations upward keeping the latest invocation so far, and downward keeping the
    // earliest completion from there on; compare at each generation.
    List<Long> generations = new ArrayList<>(byGeneration.keySet());
    Map<Long, Operation> earliestFrom = new HashMap<>();
    Operation earliest = null;
    for (int i = generations.size() - 1; i >= 0; i--) {
      for (Operation o : byGeneration.get(generations.get(i))) {
        if (earliest == null || o.completeTime() < earliest.completeTime()) {
          earliest = o;
        }
      }
      earliestFrom.put(generations.get(i), earliest);
    }
    Operation latest = null;
    for (long g : generations) {
      for (Operation o : byGeneration.get(g)) {
        if (latest == null || o.invokeTime() > latest.invokeTime()) {
          latest = o;
        }
      }
      Operation left = earliestFrom.get(g);
      if (left != latest && left.precedes(latest)) {
        return CheckResult.violation(
            left
                + " (generation "
                + generation(left)
                + ") left the barrier before "
                + latest
                + " (generation "
                + generation(latest)
                + ") arrived",
            left,
            latest);
      }
    }
    return null;
  }

  private static CheckResult checkPerClient(List<Operation> operations) {
    Map<Integer, Operation> previous = new HashMap<>();
    List<Operation> sorted = new ArrayList<>(operations);
    sorted.sort(Comparator.comparingLong(Operation::invokeTime));
    for (Operation operation : sorted) {
      if (!operation.isCompleted()) {
        continue;
      }
      Operation before = previous.put(operation.client(), operation);
      if (before != null && generation(before) >= generation(operation)) {
        return CheckResult.violation(
            "client "
                + operation.client()
                + " went from generation "
                + generation(before)
                + " back to "
                + generation(operation),
            before,
            operation);
      }
    }
    return null;
  }

  private static long generation(Operation operation) {
    if (!(operation.output() instanceof Long || operation.output() instanceof Integer)) {
      throw new IllegalArgumentException("await returns a long generation: " + operation);
    }
    return ((Number) operation.output()).longValue();
  }
}
