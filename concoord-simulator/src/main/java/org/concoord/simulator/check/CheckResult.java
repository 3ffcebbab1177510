package org.concoord.simulator.check;

import java.util.List;
import java.util.Objects;

/**
 * A checker's verdict on a history, with what a person needs to start debugging it.
 *
 * @param explanation one paragraph: why the history is not linearizable (naming operations), why
 *     the checker gave up, or a summary of what was checked
 * @param offenders the operations the explanation names; empty unless NOT_LINEARIZABLE
 */
public record CheckResult(Verdict verdict, String explanation, List<Operation> offenders) {
  /** The possible verdicts. */
  public enum Verdict {
    /** Some order of the operations, consistent with real time, satisfies the specification. */
    LINEARIZABLE,
    /** No such order exists: the system (or the recorder) is wrong. */
    NOT_LINEARIZABLE,
    /** The checker ran out of budget before deciding; says nothing about the history. */
    UNKNOWN
  }

  public CheckResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(explanation, "explanation");
    offenders = List.copyOf(offenders);
  }

  static CheckResult linearizable(String summary) {
    return new CheckResult(Verdict.LINEARIZABLE, summary, List.of());
  }

  static CheckResult violation(String explanation, Operation... offenders) {
    return new CheckResult(Verdict.NOT_LINEARIZABLE, explanation, List.of(offenders));
  }

  static CheckResult unknown(String explanation) {
    return new CheckResult(Verdict.UNKNOWN, explanation, List.of());
  }

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  public boolean isViolation() {
    return verdict == Verdict.NOT_LINEARIZABLE;
  }

  @Override
  public String toString() {
    return verdict + ": " + explanation;
  }
}
