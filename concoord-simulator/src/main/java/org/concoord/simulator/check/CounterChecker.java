package org.concoord.simulator.check;

import java.util.Arrays;

/**
 * Decides exactly whether a {@link CounterHistory} of {@code add(1)} and {@code get()} calls is
 * linearizable with respect to {@link CounterModel} (start at 0; add returns the new value, get the
 * value; an unanswered operation may take effect at any time after its invocation, or never), in
 * O(n log n) time and about 30 bytes of memory per operation, without a search. It gives the same
 * verdict as {@link LinearizabilityChecker} (never UNKNOWN), on histories of millions of
 * operations, such as a 30-minute fault schedule.
 *
 * <p>Why no search is needed. Every add adds 1, so the add that takes the counter to {@code v} is
 * the v-th add to take effect, and an answered add that returned {@code v} must be that one. A
 * linearization is therefore a choice of points {@code t(1) <= t(2) <= ... <= t(M)} (the moments
 * the counter becomes 1, 2, ..., M, where M is the largest value any call returned; unanswered adds
 * beyond M are taken never to have happened), each inside the interval of the add that causes it,
 * plus a point for every answered get. A get that returned {@code v}, invoked at {@code i} and
 * answered at {@code c}, has a point in {@code [i, c]} with {@code t(v) <= point <= t(v+1)} if and
 * only if {@code t(v) <= c} and {@code i <= t(v+1)}: gets change nothing, so each only bounds the
 * points of its neighbouring values. (Points in closed intervals, ties broken either way, are
 * equivalent to orders that respect real time; operations with equal times count as concurrent, as
 * in {@link Operation}.) So each value {@code v} gets a window: no earlier than the invocation of
 * the add that returned it and of every get that returned {@code v-1}; no later than the answer of
 * the add that returned it and of every get that returned {@code v}. A value no answered add
 * returned must be caused by a distinct unanswered add, no earlier than its invocation.
 *
 * <p>The check sweeps the values upwards, placing each at the earliest point its window and the
 * previous value allow, and gives each value without an answered add the earliest-invoked
 * unanswered add not yet used. Earliest placement is optimal because every later constraint only
 * gets easier the earlier the previous point is; the choice of unanswered adds is optimal by
 * exchange (if a later value used an add invoked before the one an earlier value used, swapping the
 * two keeps both feasible). So the history is linearizable if and only if the sweep finds every
 * value's point inside its window. {@code CounterCheckerTest} cross-checks this against the general
 * search on random histories.
 *
 * <p>Violations name the operations that force them: two adds that returned the same value; an
 * output no number of adds could produce; a value that needs an add when none is left; or a value
 * that must be reached by some operation's answer but cannot be reached before some other
 * operation's invocation, which came later.
 *
 * <p>Stateless and thread-safe. Reads no clock.
 */
public final class CounterChecker {
  /**
   * Checks the history.
   *
   * @return LINEARIZABLE or NOT_LINEARIZABLE, never UNKNOWN
   */
  public CheckResult check(CounterHistory history) {
    int size = history.size();
    int adds = 0;
    for (int id = 0; id < size; id++) {
      adds += history.isAdd(id) ? 1 : 0;
    }
    long highest = 0;
    int highestBy = -1;
    for (int id = 0; id < size; id++) {
      if (!history.isCompleted(id)) {
        continue;
      }
      long value = history.output(id);
      if (value < (history.isAdd(id) ? 1 : 0) || value > adds) {
        return CheckResult.violation(
            history.operation(id)
                + " returned "
                + value
                + ", which no order of the history's "
                + adds
                + " add(1) calls from 0 can produce",
            history.operation(id));
      }
      if (value > highest) {
        highest = value;
        highestBy = id;
      }
    }
    Slots slots = new Slots((int) highest);
    CheckResult duplicate = slots.bound(history);
    if (duplicate != null) {
      return duplicate;
    }
    return slots.sweep(history, unansweredAdds(history), highestBy);
  }

  /** The adds that did not answer, by invocation time. */
  private static int[] unansweredAdds(CounterHistory history) {
    int size = history.size();
    int count = 0;
    for (int id = 0; id < size; id++) {
      count += history.isAdd(id) && !history.isCompleted(id) ? 1 : 0;
    }
    Integer[] ids = new Integer[count];
    int next = 0;
    for (int id = 0; id < size; id++) {
      if (history.isAdd(id) && !history.isCompleted(id)) {
        ids[next++] = id;
      }
    }
    Arrays.sort(ids, (a, b) -> Long.compare(history.invokeTime(a), history.invokeTime(b)));
    return Arrays.stream(ids).mapToInt(Integer::intValue).toArray();
  }

  /** Each value's window, and the operations that bound it; index 1..highest. */
  private static final class Slots {
    private final int highest;
    private final long[] notBefore;
    private final long[] notAfter;
    private final int[] notBeforeBy;
    private final int[] notAfterBy;
    private final int[] addBy;

    Slots(int highest) {
      this.highest = highest;
      notBefore = new long[highest + 1];
      notAfter = new long[highest + 1];
      notBeforeBy = new int[highest + 1];
      notAfterBy = new int[highest + 1];
      addBy = new int[highest + 1];
      Arrays.fill(notBefore, Long.MIN_VALUE);
      Arrays.fill(notAfter, Long.MAX_VALUE);
      Arrays.fill(notBeforeBy, -1);
      Arrays.fill(notAfterBy, -1);
      Arrays.fill(addBy, -1);
    }

    /** Narrows the windows by every answered operation; a violation if two adds share a value. */
    CheckResult bound(CounterHistory history) {
      for (int id = 0; id < history.size(); id++) {
        if (!history.isCompleted(id)) {
          continue;
        }
        int value = (int) history.output(id);
        if (history.isAdd(id)) {
          if (addBy[value] >= 0) {
            return CheckResult.violation(
                history.operation(addBy[value])
                    + " and "
                    + history.operation(id)
                    + " both returned "
                    + value
                    + ": each add(1) makes a new value",
                history.operation(addBy[value]),
                history.operation(id));
          }
          addBy[value] = id;
          notBefore(value, history.invokeTime(id), id);
          notAfter(value, history.completeTime(id), id);
        } else {
          if (value >= 1) {
            notAfter(value, history.completeTime(id), id); // reached by the time the get answered
          }
          if (value < highest) {
            notBefore(value + 1, history.invokeTime(id), id); // not yet when the get was invoked
          }
        }
      }
      return null;
    }

    private void notBefore(int value, long time, int by) {
      if (time > notBefore[value]) {
        notBefore[value] = time;
        notBeforeBy[value] = by;
      }
    }

    private void notAfter(int value, long time, int by) {
      if (time < notAfter[value]) {
        notAfter[value] = time;
        notAfterBy[value] = by;
      }
    }

    /** Places the values 1..highest at their earliest points; see the class comment. */
    CheckResult sweep(CounterHistory history, int[] unanswered, int highestBy) {
      long point = Long.MIN_VALUE;
      int pointBy = -1;
      int used = 0;
      for (int value = 1; value <= highest; value++) {
        if (notBefore[value] > point) {
          point = notBefore[value];
          pointBy = notBeforeBy[value];
        }
        if (addBy[value] < 0) {
          if (used == unanswered.length) {
            return CheckResult.violation(
                "no add(1) returned "
                    + value
                    + " and all "
                    + unanswered.length
                    + " adds that did not answer are needed for lower values, yet "
                    + history.operation(highestBy)
                    + " saw the counter reach "
                    + highest,
                history.operation(highestBy));
          }
          int add = unanswered[used++];
          if (history.invokeTime(add) > point) {
            point = history.invokeTime(add);
            pointBy = add;
          }
        }
        if (point > notAfter[value]) {
          return late(history, value, pointBy);
        }
      }
      return CheckResult.linearizable(
          history.size()
              + " counter operations: the values 1.."
              + highest
              + " fit in order, "
              + used
              + " of "
              + unanswered.length
              + " unanswered adds taking effect");
    }

    private CheckResult late(CounterHistory history, int value, int pointBy) {
      Operation by = history.operation(notAfterBy[value]);
      Operation after = history.operation(pointBy);
      return CheckResult.violation(
          "the counter must have reached "
              + value
              + " when "
              + by
              + " answered, but its adds"
              + " take effect one at a time and one of those up to "
              + value
              + " cannot take"
              + " effect before "
              + after
              + " was invoked, later",
          after,
          by);
    }
  }
}
