package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fencing-token check on the grants of a lock or semaphore ({@code acquire} or {@code down}),
 * in O(n log n) and independent of the search: a storage service that accepts only growing tokens
 * is safe exactly when
 *
 * <ol>
 *   <li>no token is returned twice (two holders could not be told apart), and
 *   <li>tokens follow real time: a grant that completed before another was invoked has the smaller
 *       token.
 * </ol>
 *
 * <p>Indeterminate grants returned nothing and are ignored. Stateless and thread-safe.
 */
public final class FencingChecker {
  private final String grantMethod;

  /** Checks the completed calls of {@code grantMethod}; other operations are ignored. */
  public FencingChecker(String grantMethod) {
    this.grantMethod = grantMethod;
  }

  public CheckResult check(History history) {
    return check(history.operations());
  }

  public CheckResult check(List<Operation> operations) {
    List<Operation> grants = new ArrayList<>();
    Map<Long, Operation> byToken = new HashMap<>();
    for (Operation operation : operations) {
      if (!operation.isCompleted() || !operation.input().method().equals(grantMethod)) {
        continue;
      }
      if (!(operation.output() instanceof Long || operation.output() instanceof Integer)) {
        throw new IllegalArgumentException("a grant returns a long token: " + operation);
      }
      Operation twin = byToken.put(token(operation), operation);
      if (twin != null) {
        return CheckResult.violation(
            "token " + token(operation) + " granted twice: " + twin + " and " + operation,
            twin,
            operation);
      }
      grants.add(operation);
    }
    // Sweep invocations in order, keeping the largest token among grants completed before each.
    List<Operation> byComplete = new ArrayList<>(grants);
    byComplete.sort(Comparator.comparingLong(Operation::completeTime));
    List<Operation> byInvoke = new ArrayList<>(grants);
    byInvoke.sort(Comparator.comparingLong(Operation::invokeTime));
    Operation largest = null;
    int done = 0;
    for (Operation later : byInvoke) {
      while (done < byComplete.size() && byComplete.get(done).precedes(later)) {
        Operation earlier = byComplete.get(done++);
        if (largest == null || token(earlier) > token(largest)) {
          largest = earlier;
        }
      }
      if (largest != null && token(largest) >= token(later)) {
        return CheckResult.violation(
            "token order contradicts real time: "
                + largest
                + " completed before "
                + later
                + " was invoked, yet its token is not smaller",
            largest,
            later);
      }
    }
    return CheckResult.linearizable(grants.size() + " " + grantMethod + " tokens fenced");
  }

  private static long token(Operation operation) {
    return ((Number) operation.output()).longValue();
  }
}
