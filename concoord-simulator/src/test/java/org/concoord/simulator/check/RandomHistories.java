package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates linearizable histories by simulating the real object: each client runs operations one
 * after another with random gaps and durations; each operation takes effect at a random point
 * inside its interval (its linearization point), and outputs are computed by applying operations to
 * a plain counter or list in that order. An indeterminate operation took effect at a random point
 * after its invocation (possibly long after its client gave up) or never.
 *
 * <p>Everything is drawn from the given {@link Random}, so a seed reproduces a history.
 */
final class RandomHistories {
  /** Longest an operation runs before it answers or its client gives up, in ticks. */
  private static final int DURATION_TICKS_MAX = 20;

  /** Longest a client waits between operations, in ticks. */
  private static final int GAP_TICKS_MAX = 4;

  /** How long after its invocation an indeterminate operation may still take effect. */
  private static final int LATE_EFFECT_TICKS_MAX = 200;

  private RandomHistories() {}

  /** A drawn operation before outputs are known. */
  private record Draft(
      int client, Input input, long invokeTime, long completeTime, long effectTime, boolean took) {}

  /** Counter operations: add (positive deltas, so the value never goes negative), get, etc. */
  static List<Operation> counter(
      Random random, int operations, int clients, double indeterminateRate) {
    List<Draft> drafts =
        draft(
            random,
            operations,
            clients,
            indeterminateRate,
            i -> {
              switch (random.nextInt(4)) {
                case 0:
                  return CounterModel.add(1 + random.nextInt(10));
                case 1:
                  return CounterModel.get();
                case 2:
                  return CounterModel.increment();
                default:
                  return CounterModel.getvalue();
              }
            });
    Object[] outputs = new Object[drafts.size()];
    CounterModel model = new CounterModel();
    long value = model.initialState();
    for (int id : byEffectTime(drafts)) {
      Input input = drafts.get(id).input();
      long next = model.stepIndeterminate(value, input);
      outputs[id] =
          input.method().equals(CounterModel.INCREMENT)
              ? null
              : input.method().equals(CounterModel.ADD) ? next : value;
      value = next;
    }
    return assemble(drafts, outputs);
  }

  /** Append-list operations: appends of unique values 1, 2, 3, ... and reads. */
  static List<Operation> appendList(
      Random random, int operations, int clients, double indeterminateRate) {
    long[] nextValue = {1};
    List<Draft> drafts =
        draft(
            random,
            operations,
            clients,
            indeterminateRate,
            i ->
                random.nextInt(3) == 0
                    ? AppendListChecker.read()
                    : AppendListChecker.append(nextValue[0]++));
    List<Long> list = new ArrayList<>();
    Object[] outputs = new Object[drafts.size()];
    for (int id : byEffectTime(drafts)) {
      Input input = drafts.get(id).input();
      if (input.method().equals(AppendListChecker.APPEND)) {
        list.add(input.longArgument());
      }
      outputs[id] = List.copyOf(list);
    }
    return assemble(drafts, outputs);
  }

  private interface InputSource {
    Input next(int id);
  }

  private static List<Draft> draft(
      Random random, int operations, int clients, double indeterminateRate, InputSource inputs) {
    long[] clientFreeAt = new long[clients];
    List<Draft> drafts = new ArrayList<>(operations);
    for (int id = 0; id < operations; id++) {
      int client = earliestFree(clientFreeAt);
      long invoke = clientFreeAt[client] + random.nextInt(GAP_TICKS_MAX + 1);
      long complete = invoke + 1 + random.nextInt(DURATION_TICKS_MAX);
      boolean indeterminate = random.nextDouble() < indeterminateRate;
      long effect =
          indeterminate
              ? invoke + random.nextInt(LATE_EFFECT_TICKS_MAX + 1)
              : invoke + random.nextInt((int) (complete - invoke) + 1);
      boolean took = !indeterminate || random.nextBoolean();
      drafts.add(
          new Draft(client, inputs.next(id), invoke, indeterminate ? -1 : complete, effect, took));
      // A client that gave up moves on at its timeout, while its operation may still take effect.
      clientFreeAt[client] = complete;
    }
    return drafts;
  }

  private static int earliestFree(long[] clientFreeAt) {
    int earliest = 0;
    for (int client = 1; client < clientFreeAt.length; client++) {
      if (clientFreeAt[client] < clientFreeAt[earliest]) {
        earliest = client;
      }
    }
    return earliest;
  }

  /** Ids of the operations that took effect, in the order they did. */
  private static List<Integer> byEffectTime(List<Draft> drafts) {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < drafts.size(); id++) {
      if (drafts.get(id).took()) {
        ids.add(id);
      }
    }
    ids.sort(
        Comparator.<Integer>comparingLong(id -> drafts.get(id).effectTime())
            .thenComparingInt(id -> id));
    return ids;
  }

  private static List<Operation> assemble(List<Draft> drafts, Object[] outputs) {
    List<Operation> operations = new ArrayList<>(drafts.size());
    for (int id = 0; id < drafts.size(); id++) {
      Draft draft = drafts.get(id);
      operations.add(
          draft.completeTime() < 0
              ? Operation.indeterminate(id, draft.client(), draft.input(), draft.invokeTime())
              : Operation.completed(
                  id,
                  draft.client(),
                  draft.input(),
                  draft.invokeTime(),
                  draft.completeTime(),
                  outputs[id]));
    }
    return operations;
  }

  /** A copy of the history with one operation's output replaced. */
  static List<Operation> withOutput(List<Operation> operations, int id, Object output) {
    List<Operation> changed = new ArrayList<>(operations);
    Operation old = operations.get(id);
    changed.set(
        id,
        Operation.completed(
            old.id(), old.client(), old.input(), old.invokeTime(), old.completeTime(), output));
    return changed;
  }

  /** Ids of completed operations whose output satisfies the filter. */
  static List<Integer> completedIds(List<Operation> operations, Class<?> outputType) {
    List<Integer> ids = new ArrayList<>();
    for (Operation operation : operations) {
      if (operation.isCompleted() && outputType.isInstance(operation.output())) {
        ids.add(operation.id());
      }
    }
    return ids;
  }
}
