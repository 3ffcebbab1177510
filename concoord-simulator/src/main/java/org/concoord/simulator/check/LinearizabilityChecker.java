package org.concoord.simulator.check;

import java.util.List;
import java.util.Objects;

/**
 * Decides whether a recorded history of one object is linearizable with respect to a sequential
 * {@link Model}: whether its operations can be put in one order that respects real time (an
 * operation that completed before another was invoked comes first) and in which every output is
 * what the model returns. Indeterminate operations may take effect anywhere after their invocation
 * or not at all.
 *
 * <p>The search is the Wing-Gong-Lowe algorithm with memoization, as in Porcupine, plus pruning
 * that keeps it complete (see {@code WingGongLoweSearch}). It is exponential in the worst case (the
 * problem is NP-complete), so it runs under a budget, of steps (time) and of memoized
 * configurations (memory), and answers {@link CheckResult.Verdict#UNKNOWN} when either runs out
 * instead of hanging a test. The known expensive case is many indeterminate operations pending at
 * once, as with Knossos and Porcupine: each one that never happened stays a candidate for the rest
 * of the history.
 *
 * <p>Does not partition the history: it checks one object. Stateless and thread-safe; each call of
 * {@link #check} runs its own search. Reads no clock.
 */
public final class LinearizabilityChecker<S> {
  /**
   * Default steps (model steps and backtracks) allowed per check. A valid 2,000-operation history
   * from five clients takes under 10,000 steps when every operation was answered. Each long-pending
   * indeterminate operation multiplies the work (it may have happened at any later point): with 40
   * of them (2%) checks took up to 900,000 steps; with 100 (5%) up to 3.2 million, and a third of
   * those runs exceeded this default. A step costs 0.1 to 1 microsecond, more as the memo grows: a
   * pathological history spends the whole default in 1.5 to 4 seconds on a loaded 2-CPU machine.
   */
  public static final long STEPS_MAX_DEFAULT = 5_000_000;

  /**
   * Default configurations the memo may hold per check: about 350 bytes each for 2,000 operations
   * (one bit per operation, plus overhead), so at most about 175 MB. The measured valid histories
   * above stored one per ten steps or fewer; a pathological one stores one per step and hits this
   * limit first.
   */
  public static final int CONFIGURATIONS_MAX_DEFAULT = 500_000;

  private final Model<S> model;
  private final long stepsMax;
  private final int configurationsMax;

  /** A checker with the default budget. */
  public LinearizabilityChecker(Model<S> model) {
    this(model, STEPS_MAX_DEFAULT, CONFIGURATIONS_MAX_DEFAULT);
  }

  /**
   * A checker with its own budget.
   *
   * @param stepsMax model steps and backtracks allowed per check
   * @param configurationsMax configurations the memo may hold per check
   */
  public LinearizabilityChecker(Model<S> model, long stepsMax, int configurationsMax) {
    this.model = Objects.requireNonNull(model, "model");
    if (stepsMax <= 0 || configurationsMax <= 0) {
      throw new IllegalArgumentException(
          "budget must be > 0: " + stepsMax + " steps, " + configurationsMax + " configurations");
    }
    this.stepsMax = stepsMax;
    this.configurationsMax = configurationsMax;
  }

  public CheckResult check(History history) {
    return check(history.operations());
  }

  /**
   * Checks the operations, in any order.
   *
   * @throws IllegalArgumentException if the model rejects an input as malformed (a recorder bug)
   */
  public CheckResult check(List<Operation> operations) {
    return new WingGongLoweSearch<>(model, List.copyOf(operations), stepsMax, configurationsMax)
        .run();
  }
}
