package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.concoord.simulator.check.Operation.Status;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private final History history = new History();

  @Test
  void completeRecordsOutputAndCompletionTime() {
    History.Handle handle = history.invoke(3, CounterModel.add(2), 10);
    history.complete(handle, 2L, 15);
    assertEquals(
        Operation.completed(0, 3, CounterModel.add(2), 10, 15, 2L), history.operations().get(0));
  }

  @Test
  void indeterminateOperationNeverCompletesAndHasNoOutput() {
    history.indeterminate(history.invoke(1, CounterModel.get(), 10));
    Operation operation = history.operations().get(0);
    assertEquals(Status.INDETERMINATE, operation.status());
    assertEquals(Operation.NEVER, operation.completeTime());
  }

  @Test
  void operationStillPendingIsReadAsIndeterminate() {
    history.invoke(1, CounterModel.get(), 10);
    assertEquals(Status.INDETERMINATE, history.operations().get(0).status());
  }

  @Test
  void outcomeRecordedTwiceIsARecorderBug() {
    History.Handle handle = history.invoke(1, CounterModel.get(), 10);
    history.complete(handle, 0L, 11);
    assertThrows(IllegalStateException.class, () -> history.indeterminate(handle));
  }

  @Test
  void handleOfAnotherHistoryIsRejected() {
    History.Handle foreign = new History().invoke(1, CounterModel.get(), 10);
    history.invoke(1, CounterModel.get(), 10);
    assertThrows(IllegalArgumentException.class, () -> history.complete(foreign, 0L, 11));
  }

  @Test
  void completionBeforeInvocationIsRejectedAndLeavesTheOperationPending() {
    History.Handle handle = history.invoke(1, CounterModel.get(), 10);
    assertThrows(IllegalArgumentException.class, () -> history.complete(handle, 0L, 9));
    history.complete(handle, 0L, 12);
    assertEquals(Status.COMPLETED, history.operations().get(0).status());
  }

  @Test
  void toStringNamesTheOperationAndAbbreviatesLongOutputs() {
    History.Handle handle = history.invoke(2, AppendListChecker.read(), 5);
    history.complete(handle, java.util.Collections.nCopies(1000, 7L), 9);
    String text = history.operations().get(0).toString();
    assertEquals(true, text.startsWith("op#0 client 2 read() -> [7, 7"), text);
    assertEquals(true, text.length() < 150, text);
  }
}
