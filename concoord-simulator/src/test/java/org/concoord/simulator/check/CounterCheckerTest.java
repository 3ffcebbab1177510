package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The n log n counter check: hand-made violations of each kind it names, and agreement with the
 * general search ({@link LinearizabilityChecker}, itself checked against trying every order) on
 * random histories of add(1) and get(), where both verdicts occur often.
 */
class CounterCheckerTest {
  private final CounterChecker checker = new CounterChecker();
  private final LinearizabilityChecker<Long> search =
      new LinearizabilityChecker<>(new CounterModel());

  private static Operation add(int id, int client, long invoke, long complete, long output) {
    return Operation.completed(id, client, CounterModel.add(1L), invoke, complete, output);
  }

  private static Operation get(int id, int client, long invoke, long complete, long output) {
    return Operation.completed(id, client, CounterModel.get(), invoke, complete, output);
  }

  private static Operation lostAdd(int id, int client, long invoke) {
    return Operation.indeterminate(id, client, CounterModel.add(1L), invoke);
  }

  private CheckResult check(Operation... operations) {
    return checker.check(CounterHistory.of(List.of(operations)));
  }

  @Test
  void concurrentAddsAnsweredOutOfOrderAndReadsBetweenThemAreLinearizable() {
    CheckResult result =
        check(
            add(0, 0, 0, 10, 2),
            add(1, 1, 1, 9, 1),
            get(2, 2, 2, 3, 0),
            get(3, 2, 4, 12, 2),
            get(4, 1, 13, 14, 2));
    assertTrue(result.isLinearizable(), result.toString());
  }

  @Test
  void aReadThatMissesACompletedAddIsAViolation() {
    CheckResult result = check(add(0, 0, 0, 10, 1), get(1, 1, 11, 12, 0));
    assertTrue(result.isViolation(), result.toString());
    assertEquals(2, result.offenders().size(), result.toString());
  }

  @Test
  void readsThatGoBackwardsAreAViolation() {
    CheckResult result =
        check(
            add(0, 0, 0, 100, 1), add(1, 1, 0, 100, 2), get(2, 2, 10, 20, 2), get(3, 2, 30, 40, 1));
    assertTrue(result.isViolation(), result.toString());
  }

  @Test
  void twoAddsReturningTheSameValueAreAViolation() {
    CheckResult result = check(add(0, 0, 0, 10, 1), add(1, 1, 0, 10, 1));
    assertTrue(result.isViolation(), result.toString());
    assertTrue(result.explanation().contains("both returned 1"), result.toString());
  }

  @Test
  void anAddAnsweringBeforeAnEarlierValueIsReachedIsAViolation() {
    // add -> 2 answered at 10; the only add that could make 1 was invoked at 20.
    CheckResult result = check(add(0, 0, 0, 10, 2), add(1, 1, 20, 30, 1));
    assertTrue(result.isViolation(), result.toString());
  }

  @Test
  void aValueNoAddCouldHaveMadeIsAViolation() {
    assertTrue(check(get(0, 0, 0, 1, 1)).isViolation());
    assertTrue(check(add(0, 0, 0, 1, 1), get(1, 1, 2, 3, 2)).isViolation());
    assertTrue(check(add(0, 0, 0, 1, 0)).isViolation());
    assertTrue(check(add(0, 0, 0, 1, 1), get(1, 1, 2, 3, -1)).isViolation());
  }

  @Test
  void anUnansweredAddMayExplainAValueButNotBeforeItWasInvoked() {
    assertTrue(check(lostAdd(0, 0, 0), get(1, 1, 5, 6, 1)).isLinearizable());
    assertTrue(check(lostAdd(0, 0, 7), get(1, 1, 5, 6, 1)).isViolation());
    // Two values need two distinct unanswered adds.
    CheckResult result = check(lostAdd(0, 0, 0), add(1, 1, 1, 2, 2), get(2, 2, 3, 4, 3));
    assertTrue(result.isViolation(), result.toString());
    assertTrue(
        check(lostAdd(0, 0, 0), add(1, 1, 1, 2, 2), lostAdd(2, 2, 0), get(3, 2, 3, 4, 3))
            .isLinearizable());
  }

  @Test
  void anUnansweredAddMayNeverHaveHappened() {
    assertTrue(check(lostAdd(0, 0, 0), get(1, 1, 5, 6, 0), add(2, 1, 7, 8, 1)).isLinearizable());
  }

  @Test
  void equalTimesCountAsConcurrent() {
    assertTrue(check(add(0, 0, 0, 5, 1), get(1, 1, 5, 6, 0)).isLinearizable());
  }

  @Property(tries = 3_000)
  void agreesWithTheGeneralSearchOnSmallHistories(@ForAll long seed) {
    Random random = new Random(seed);
    List<Operation> history =
        random.nextBoolean()
            ? arbitrary(random, 1 + random.nextInt(9), 1 + random.nextInt(4))
            : nearMiss(
                random, simulated(random, 1 + random.nextInt(12), 1 + random.nextInt(4), 0.2));
    CheckResult expected = search.check(history);
    CheckResult actual = checker.check(CounterHistory.of(history));
    assertEquals(
        expected.verdict(),
        actual.verdict(),
        "seed " + seed + ": " + actual + " / " + expected + "\n" + history);
  }

  @Property(tries = 200)
  void agreesWithTheGeneralSearchOnLongerHistories(@ForAll long seed) {
    Random random = new Random(seed);
    List<Operation> history = simulated(random, 300, 5, 0.03);
    if (random.nextBoolean()) {
      history = nearMiss(random, history);
    }
    CheckResult expected = search.check(history);
    CheckResult actual = checker.check(CounterHistory.of(history));
    if (expected.verdict() != CheckResult.Verdict.UNKNOWN) {
      assertEquals(expected.verdict(), actual.verdict(), "seed " + seed + ": " + actual);
    }
  }

  @Test
  void hundredsOfThousandsOfOperationsAreCheckedWithoutASearch() {
    List<Operation> history = simulated(new Random(7), 300_000, 5, 0.01);
    assertTrue(checker.check(CounterHistory.of(history)).isLinearizable());
    int victim = history.size() / 2;
    while (!history.get(victim).isCompleted()
        || !history.get(victim).input().equals(CounterModel.get())) {
      victim++;
    }
    // A read of 0 after some hundred thousand answered adds.
    CheckResult stale =
        checker.check(CounterHistory.of(RandomHistories.withOutput(history, victim, 0L)));
    assertTrue(stale.isViolation(), stale.toString());
  }

  /** Up to {@code size} calls over a few ticks with random outputs: equal times, bad values. */
  private static List<Operation> arbitrary(Random random, int size, int clients) {
    long[] freeAt = new long[clients];
    List<Operation> history = new ArrayList<>();
    for (int id = 0; id < size; id++) {
      int client = random.nextInt(clients);
      long invoke = freeAt[client] + random.nextInt(3);
      long complete = invoke + random.nextInt(4);
      freeAt[client] = complete + 1;
      boolean isAdd = random.nextBoolean();
      long output = random.nextInt(5);
      history.add(
          random.nextInt(5) == 0
              ? Operation.indeterminate(
                  id, client, isAdd ? CounterModel.add(1L) : CounterModel.get(), invoke)
              : isAdd
                  ? add(id, client, invoke, complete, output)
                  : get(id, client, invoke, complete, output));
    }
    return history;
  }

  /**
   * A linearizable history: each client calls one after another; each call takes effect at a random
   * point of its interval (an unanswered add at a random later point, or never).
   */
  static List<Operation> simulated(Random random, int size, int clients, double lostRate) {
    long[] freeAt = new long[clients];
    long[][] drafts = new long[size][];
    for (int id = 0; id < size; id++) {
      int client = random.nextInt(clients);
      long invoke = freeAt[client] + random.nextInt(4);
      long complete = invoke + random.nextInt(20);
      freeAt[client] = complete + 1;
      boolean lost = random.nextDouble() < lostRate;
      long effect =
          lost
              ? (random.nextBoolean() ? invoke + random.nextInt(200) : Long.MAX_VALUE)
              : invoke + (complete == invoke ? 0 : random.nextInt((int) (complete - invoke) + 1));
      drafts[id] =
          new long[] {
            id, client, invoke, complete, effect, random.nextInt(3) == 0 ? 0 : 1, lost ? 1 : 0
          };
    }
    long[][] byEffect = drafts.clone();
    java.util.Arrays.sort(
        byEffect, (a, b) -> a[4] != b[4] ? Long.compare(a[4], b[4]) : Long.compare(a[0], b[0]));
    long value = 0;
    long[] outputs = new long[size];
    for (long[] draft : byEffect) {
      if (draft[4] != Long.MAX_VALUE) {
        value += draft[5];
        outputs[(int) draft[0]] = value;
      }
    }
    List<Operation> history = new ArrayList<>(size);
    for (long[] d : drafts) {
      int id = (int) d[0];
      Input input = d[5] == 1 ? CounterModel.add(1L) : CounterModel.get();
      history.add(
          d[6] == 1
              ? Operation.indeterminate(id, (int) d[1], input, d[2])
              : Operation.completed(id, (int) d[1], input, d[2], d[3], outputs[id]));
    }
    return history;
  }

  /** The history with one answered output off by one, if it has one. */
  private static List<Operation> nearMiss(Random random, List<Operation> history) {
    List<Integer> valued = RandomHistories.completedIds(history, Long.class);
    if (valued.isEmpty()) {
      return history;
    }
    int victim = valued.get(random.nextInt(valued.size()));
    long output = (Long) history.get(victim).output() + (random.nextBoolean() ? 1 : -1);
    return RandomHistories.withOutput(history, victim, output);
  }
}
