package org.concoord.simulator.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.concoord.simulator.check.EntryList.Entry;

/**
 * One run of the Wing-Gong-Lowe linearizability search over one history, with Lowe's memoization of
 * (linearized set, state) configurations, following Porcupine's {@code checkSingle}.
 *
 * <p>Walking the event list from its start: at a call, try to linearize that operation now (step
 * the model); if the model accepts and the resulting configuration is new, lift the operation out
 * of the list and start again from the front. At a return, the operation returning has not been
 * linearized although it must have taken effect by now: undo the last choice and try the next call
 * after it. The history is linearizable once every completed operation is linearized; indeterminate
 * ones may be left over (they never happened, or happened after everything seen).
 *
 * <p>Three prunings, each keeping the search complete (the argument is at each):
 *
 * <ul>
 *   <li>a candidate whose step leaves the state unchanged (a read) is linearized at once and its
 *       alternatives are never tried ({@link Pass#FORCED});
 *   <li>of interchangeable twins only the one with the earliest deadline is tried ({@link Twins});
 *   <li>indeterminate operations are tried last, and never when they change nothing.
 * </ul>
 *
 * <p>Single use. Not thread-safe. Reads no clock: the budget is counted in steps (model steps and
 * backtracks) so that a run is repeatable from its seed.
 */
final class WingGongLoweSearch<S> {
  /**
   * The walks over one configuration's candidates (the calls before the first return), in order.
   * All three together try every candidate, which keeps the search complete; the order is for
   * speed.
   */
  private enum Pass {
    /**
     * Answered candidates whose step leaves the state unchanged. Linearizing one now is safe and
     * final: any linearization that puts it later can move it here, since every operation that must
     * precede it already has (it is a candidate) and it changes no one else's output. So if the
     * configuration after it fails, this one fails too.
     */
    FORCED,
    /** Answered candidates. */
    ANSWERED,
    /**
     * Indeterminate candidates, last: one that never happened stays a candidate forever, and
     * linearizing it where it is not needed sends the search down a branch that may only fail many
     * operations later.
     */
    INDETERMINATE
  }

  /** What became of trying one candidate. */
  private enum Attempt {
    LINEARIZED,
    SKIPPED,
    /** A forced move into an explored configuration: this configuration fails too. */
    DEAD
  }

  /** A choice to undo on backtracking: the call lifted, the state before, whether it was forced. */
  private record Choice<S>(Entry call, S stateBefore, boolean forced) {}

  private final Model<S> model;
  private final List<Operation> operations;
  private final long stepsMax;
  private final int configurationsMax;
  private final EntryList entries;
  private final LinearizedSet linearized;
  private final Twins twins;
  private final Memo<S> memo;
  private final Deque<Choice<S>> choices = new ArrayDeque<>();

  private S state;
  private int completedLeft;
  private long steps;

  // The deepest dead end seen, for the explanation: how far the best attempt got and what stopped
  // it. Recorded only when it deepens, so it costs nothing per step.
  private int deadEndDepth = -1;
  private Operation deadEndBlocked;
  private Operation deadEndLast;
  private S deadEndState;

  WingGongLoweSearch(
      Model<S> model, List<Operation> operations, long stepsMax, int configurationsMax) {
    this.model = model;
    this.operations = operations;
    this.stepsMax = stepsMax;
    this.configurationsMax = configurationsMax;
    this.entries = new EntryList(operations);
    this.linearized = new LinearizedSet(operations.size());
    this.twins = new Twins(operations);
    this.memo = new Memo<>(model);
    this.state = model.initialState();
    this.completedLeft = (int) operations.stream().filter(Operation::isCompleted).count();
  }

  CheckResult run() {
    Entry entry = entries.first();
    Pass pass = Pass.FORCED;
    while (completedLeft > 0) {
      if (steps > stepsMax || memo.size() > configurationsMax) {
        return CheckResult.unknown(
            "gave up after "
                + steps
                + " steps and "
                + memo.size()
                + " configurations (budget "
                + stepsMax
                + " and "
                + configurationsMax
                + "); "
                + bestAttempt());
      }
      if (entry == null) {
        // A return entry always remains while completed operations do, and the walk stops at it.
        throw new IllegalStateException("search walked off the event list");
      }
      Attempt attempt = entry.isCall ? tryCandidate(entry, pass) : Attempt.SKIPPED;
      if (attempt == Attempt.LINEARIZED) {
        entry = entries.first();
        pass = Pass.FORCED;
      } else if (attempt == Attempt.SKIPPED && entry.isCall) {
        entry = entry.next;
      } else if (attempt == Attempt.SKIPPED && pass != Pass.INDETERMINATE) {
        // Reached the first return: every candidate of this pass was tried.
        pass = Pass.values()[pass.ordinal() + 1];
        entry = entries.first();
      } else {
        // Either the operation returning here is not linearized and no candidate can go before
        // it, or a forced move proved this configuration explored.
        if (attempt == Attempt.SKIPPED) {
          noteDeadEnd(entry.operation);
        }
        Entry undone = backtrack();
        if (undone == null) {
          return notLinearizable();
        }
        pass = undone.operation.isCompleted() ? Pass.ANSWERED : Pass.INDETERMINATE;
        entry = undone.next;
      }
    }
    return CheckResult.linearizable(
        operations.size()
            + " operations linearizable; "
            + steps
            + " steps, "
            + memo.size()
            + " configurations");
  }

  /** Tries to linearize the call now, if it belongs to this pass and has no earlier twin. */
  private Attempt tryCandidate(Entry call, Pass pass) {
    Operation operation = call.operation;
    if (operation.isCompleted() == (pass == Pass.INDETERMINATE) || hasEarlierTwin(call)) {
      return Attempt.SKIPPED;
    }
    steps++;
    S next =
        operation.isCompleted()
            ? model.step(state, operation.input(), operation.output())
            : model.stepIndeterminate(state, operation.input());
    if (next == null) {
      return Attempt.SKIPPED;
    }
    boolean unchanged = model.stateEquals(next, state);
    if (pass == Pass.FORCED && !unchanged) {
      return Attempt.SKIPPED;
    }
    if (pass == Pass.INDETERMINATE && unchanged) {
      // Never needed: leaving it pending keeps strictly more options open.
      return Attempt.SKIPPED;
    }
    linearized.add(call.index);
    if (!memo.rememberNew(linearized, next)) {
      // Explored before, and it led nowhere (or the search would have stopped).
      linearized.remove(call.index);
      return pass == Pass.FORCED ? Attempt.DEAD : Attempt.SKIPPED;
    }
    choices.push(new Choice<>(call, state, pass == Pass.FORCED));
    state = next;
    if (operation.isCompleted()) {
      completedLeft--;
    }
    entries.lift(call);
    return Attempt.LINEARIZED;
  }

  /** Whether a twin with an earlier deadline is also a candidate now; it is tried instead. */
  private boolean hasEarlierTwin(Entry call) {
    int first = twins.firstPending(call.index, linearized);
    return first != call.index && entries.isCandidate(entries.call(first));
  }

  /**
   * Undoes choices up to and including the last unforced one (a forced choice has no alternative
   * worth trying); returns its call, whose successors are tried next, or null if none is left.
   */
  private Entry backtrack() {
    while (!choices.isEmpty()) {
      steps++;
      Choice<S> last = choices.pop();
      Entry call = last.call();
      state = last.stateBefore();
      linearized.remove(call.index);
      twins.onRemoved(call.index);
      if (call.operation.isCompleted()) {
        completedLeft++;
      }
      entries.unlift(call);
      if (!last.forced()) {
        return call;
      }
    }
    return null;
  }

  private void noteDeadEnd(Operation blocked) {
    if (choices.size() > deadEndDepth) {
      deadEndDepth = choices.size();
      deadEndBlocked = blocked;
      deadEndLast = choices.isEmpty() ? null : choices.peek().call().operation;
      deadEndState = state;
    }
  }

  private CheckResult notLinearizable() {
    String explanation = "not linearizable: " + bestAttempt();
    return deadEndLast == null
        ? CheckResult.violation(explanation, deadEndBlocked)
        : CheckResult.violation(explanation, deadEndBlocked, deadEndLast);
  }

  private String bestAttempt() {
    if (deadEndBlocked == null) {
      return "no dead end reached yet";
    }
    String prefix =
        deadEndLast == null
            ? "no operation can be linearized first"
            : "the longest linearizable prefix found has "
                + deadEndDepth
                + " operations, ending with "
                + deadEndLast;
    return prefix
        + " (state "
        + model.describe(deadEndState)
        + "); then "
        + deadEndBlocked
        + " must take effect before it returns, but no order of the operations pending with it"
        + " gives it that output";
  }
}
