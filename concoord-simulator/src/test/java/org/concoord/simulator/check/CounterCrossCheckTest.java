package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The optimized search (memo, twins, forced reads, indeterminate last) against a plain reference:
 * trying every order of every subset, straight from the definition. On tiny counter histories with
 * random outputs, so both verdicts occur often, they must agree.
 */
class CounterCrossCheckTest {
  private final LinearizabilityChecker<Long> search =
      new LinearizabilityChecker<>(new CounterModel());

  @Property(tries = 2_000)
  void searchAgreesWithTryingEveryOrder(@ForAll long seed) {
    List<Operation> history = randomHistory(new Random(seed));
    boolean expected = linearizableByDefinition(history, new boolean[history.size()], 0L);
    CheckResult actual = search.check(history);
    assertEquals(
        expected, actual.isLinearizable(), "seed " + seed + ": " + actual + "\n" + history);
  }

  /**
   * Up to 7 operations from up to 3 clients: a third with random outputs over a few ticks (equal
   * times, twins, impossible reads), a third simulated (linearizable), a third simulated with one
   * output off by one (near misses).
   */
  private static List<Operation> randomHistory(Random random) {
    int kind = random.nextInt(3);
    if (kind == 0) {
      return arbitraryHistory(random);
    }
    List<Operation> history =
        RandomHistories.counter(random, 1 + random.nextInt(7), 1 + random.nextInt(3), 0.2);
    List<Integer> valued = RandomHistories.completedIds(history, Long.class);
    if (kind == 1 || valued.isEmpty()) {
      return history;
    }
    int victim = valued.get(random.nextInt(valued.size()));
    long nearMiss = (Long) history.get(victim).output() + (random.nextBoolean() ? 1 : -1);
    return RandomHistories.withOutput(history, victim, nearMiss);
  }

  private static List<Operation> arbitraryHistory(Random random) {
    int size = 1 + random.nextInt(7);
    int clients = 1 + random.nextInt(3);
    long[] clientFreeAt = new long[clients];
    List<Operation> history = new ArrayList<>();
    for (int id = 0; id < size; id++) {
      int client = random.nextInt(clients);
      long invoke = clientFreeAt[client] + random.nextInt(3);
      long complete = invoke + random.nextInt(4);
      clientFreeAt[client] = complete + 1;
      Input input =
          switch (random.nextInt(4)) {
            case 0 -> CounterModel.add(1 + random.nextInt(2));
            case 1 -> CounterModel.increment();
            default -> CounterModel.get();
          };
      Object output =
          input.equals(CounterModel.increment()) ? null : (Object) (long) random.nextInt(5);
      history.add(
          random.nextInt(5) == 0
              ? Operation.indeterminate(id, client, input, invoke)
              : Operation.completed(id, client, input, invoke, complete, output));
    }
    return history;
  }

  /**
   * Whether the operations not yet {@code done} can follow in some order from {@code state}: pick
   * any next one that no pending answered operation must precede (completed before it was invoked);
   * indeterminate ones may also never happen.
   */
  private static boolean linearizableByDefinition(
      List<Operation> history, boolean[] done, long state) {
    boolean answeredLeft = false;
    for (int next = 0; next < history.size(); next++) {
      Operation operation = history.get(next);
      answeredLeft |= !done[next] && operation.isCompleted();
      if (done[next] || !mayGoNext(history, done, operation)) {
        continue;
      }
      CounterModel model = new CounterModel();
      Long after =
          operation.isCompleted()
              ? model.step(state, operation.input(), operation.output())
              : model.stepIndeterminate(state, operation.input());
      if (after == null) {
        continue;
      }
      done[next] = true;
      boolean found = linearizableByDefinition(history, done, after);
      done[next] = false;
      if (found) {
        return true;
      }
    }
    return !answeredLeft;
  }

  private static boolean mayGoNext(List<Operation> history, boolean[] done, Operation candidate) {
    for (int other = 0; other < history.size(); other++) {
      if (!done[other] && history.get(other).precedes(candidate)) {
        return false;
      }
    }
    return true;
  }
}
