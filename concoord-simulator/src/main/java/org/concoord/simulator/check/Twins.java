package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups of interchangeable operations, for symmetry pruning: same input, same output and same
 * status, so they differ only in their times. Among the candidates of one group, linearizing the
 * one with the earliest deadline first is never worse:
 *
 * <ul>
 *   <li>answered operations are ordered by completion time: in any linearization that puts a later
 *       twin now and an earlier one after, swapping them keeps every output and every real-time
 *       constraint (the later twin may take the earlier one's place, which precedes both returns);
 *   <li>indeterminate operations have no deadline and are ordered by invocation: two pending ones
 *       are identical in every future.
 * </ul>
 *
 * <p>Without this, k concurrent {@code increment()}s cost 2^k configurations instead of k + 1. Not
 * thread-safe.
 */
final class Twins {
  private record Key(boolean completed, Input input, Object output) {}

  /** For each operation (by position), its group. */
  private final int[] groupOf;

  /** For each operation, its rank in its group's order. */
  private final int[] rankOf;

  /** For each group, its operations by deadline. */
  private final int[][] members;

  /** For each group, a rank at or below its first member not linearized (advanced lazily). */
  private final int[] cursor;

  Twins(List<Operation> operations) {
    Map<Key, List<Integer>> groups = new HashMap<>();
    for (int index = 0; index < operations.size(); index++) {
      Operation operation = operations.get(index);
      Key key = new Key(operation.isCompleted(), operation.input(), operation.output());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(index);
    }
    groupOf = new int[operations.size()];
    rankOf = new int[operations.size()];
    members = new int[groups.size()][];
    cursor = new int[groups.size()];
    Comparator<Integer> byDeadline =
        Comparator.<Integer>comparingLong(i -> deadline(operations.get(i)))
            .thenComparingLong(i -> operations.get(i).invokeTime())
            .thenComparingInt(i -> i);
    int group = 0;
    for (List<Integer> indexes : groups.values()) {
      indexes.sort(byDeadline);
      members[group] = indexes.stream().mapToInt(Integer::intValue).toArray();
      for (int rank = 0; rank < indexes.size(); rank++) {
        groupOf[indexes.get(rank)] = group;
        rankOf[indexes.get(rank)] = rank;
      }
      group++;
    }
  }

  /** The twin of the operation at {@code index} with the earliest deadline not yet linearized. */
  int firstPending(int index, LinearizedSet linearized) {
    int group = groupOf[index];
    while (linearized.contains(members[group][cursor[group]])) {
      cursor[group]++;
    }
    return members[group][cursor[group]];
  }

  /** Must be called when the operation at {@code index} is un-linearized on backtracking. */
  void onRemoved(int index) {
    int group = groupOf[index];
    cursor[group] = Math.min(cursor[group], rankOf[index]);
  }

  private static long deadline(Operation operation) {
    return operation.isCompleted() ? operation.completeTime() : operation.invokeTime();
  }
}
