package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The fast list checker against the plain reference: the Wing-Gong-Lowe search with a sequential
 * list model. On small histories, valid or corrupted, they must give the same verdict.
 */
class AppendListCrossCheckTest {
  /** The list as a sequential object; a slow but obviously right reference. */
  static final class AppendListModel implements Model<List<Long>> {
    @Override
    public List<Long> initialState() {
      return List.of();
    }

    @Override
    public List<Long> step(List<Long> state, Input input, Object output) {
      List<Long> next = stepIndeterminate(state, input);
      return next.equals(output) ? next : null;
    }

    @Override
    public List<Long> stepIndeterminate(List<Long> state, Input input) {
      if (input.method().equals(AppendListChecker.READ)) {
        return state;
      }
      List<Long> next = new ArrayList<>(state);
      next.add(input.longArgument());
      return List.copyOf(next);
    }
  }

  private final AppendListChecker fast = new AppendListChecker();
  private final LinearizabilityChecker<List<Long>> reference =
      new LinearizabilityChecker<>(new AppendListModel());

  @Property(tries = 500)
  void listCheckerAgreesWithTheReferenceSearch(@ForAll long seed) {
    Random random = new Random(seed);
    List<Operation> history =
        RandomHistories.appendList(random, 2 + random.nextInt(30), 1 + random.nextInt(4), 0.15);
    if (random.nextBoolean()) {
      history = corrupt(history, random);
    }
    CheckResult expected = reference.check(history);
    if (expected.verdict() == CheckResult.Verdict.UNKNOWN) {
      // Many pending appends of distinct values: every order of every subset is a distinct list,
      // which the reference cannot prune (about 1 seed in 100,000). Nothing to compare against.
      return;
    }
    CheckResult actual = fast.check(history);
    assertEquals(
        expected.verdict(),
        actual.verdict(),
        "seed "
            + seed
            + ": reference says "
            + expected
            + "; list checker says "
            + actual
            + "\n"
            + history);
  }

  /** Gives one completed operation another one's output, or its own minus its last value. */
  @SuppressWarnings("unchecked")
  private static List<Operation> corrupt(List<Operation> history, Random random) {
    List<Integer> lists = RandomHistories.completedIds(history, List.class);
    if (lists.isEmpty()) {
      return history;
    }
    int victim = lists.get(random.nextInt(lists.size()));
    List<Long> output = (List<Long>) history.get(victim).output();
    List<Long> corrupted =
        random.nextBoolean() || output.isEmpty()
            ? (List<Long>) history.get(lists.get(random.nextInt(lists.size()))).output()
            : output.subList(0, output.size() - 1);
    return RandomHistories.withOutput(history, victim, corrupted);
  }
}
