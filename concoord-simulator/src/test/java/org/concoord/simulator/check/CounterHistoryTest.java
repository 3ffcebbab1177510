package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CounterHistoryTest {
  @Test
  void recordsCallsAcrossChunksAndGivesThemBackInTheGeneralForm() {
    CounterHistory history = new CounterHistory(200_000);
    for (int i = 0; i < 100_000; i++) {
      int id = history.invoke(i % 5, i % 3 != 0, 10L * i);
      if (i % 7 == 0) {
        history.indeterminate(id);
      } else if (i % 11 != 0) {
        history.complete(id, i, 10L * i + 5);
      }
    }
    assertEquals(100_000, history.size());
    Operation answered = history.operation(99_998);
    assertEquals(
        Operation.completed(99_998, 3, CounterModel.add(1L), 999_980, 999_985, 99_998L), answered);
    assertEquals(Operation.indeterminate(7, 2, CounterModel.add(1L), 70), history.operation(7));
    assertFalse(history.isCompleted(11)); // still pending: indeterminate
    assertEquals(
        history.operations().stream().filter(Operation::isCompleted).count(),
        history.completedCount());
    long[] times = history.completionTimes();
    assertEquals(history.completedCount(), times.length);
    for (int i = 1; i < times.length; i++) {
      assertTrue(times[i - 1] <= times[i]);
    }
  }

  @Test
  void refusesASecondOutcomeABadTimeAndCallsBeyondItsCapacity() {
    CounterHistory history = new CounterHistory(2);
    int id = history.invoke(0, true, 10);
    assertThrows(IllegalArgumentException.class, () -> history.complete(id, 1, 9));
    history.complete(id, 1, 12);
    assertThrows(IllegalStateException.class, () -> history.indeterminate(id));
    history.invoke(0, false, 13);
    assertThrows(IllegalStateException.class, () -> history.invoke(0, false, 14));
  }

  @Test
  void takesOnlyAddOfOneAndGetFromTheGeneralForm() {
    CounterHistory history =
        CounterHistory.of(
            List.of(
                Operation.completed(0, 1, CounterModel.add(1L), 0, 1, 1L),
                Operation.indeterminate(1, 2, CounterModel.get(), 2)));
    assertTrue(history.isAdd(0));
    assertFalse(history.isAdd(1));
    assertArrayEquals(new long[] {1}, history.completionTimes());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CounterHistory.of(List.of(Operation.completed(0, 1, CounterModel.add(2L), 0, 1, 2L))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CounterHistory.of(
                List.of(Operation.completed(0, 1, CounterModel.increment(), 0, 1, null))));
  }
}
