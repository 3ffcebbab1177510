package org.concoord.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CounterModelTest {
  private final CounterModel model = new CounterModel();

  @Test
  void counterStartsAtZero() {
    assertEquals(0L, model.initialState());
  }

  @Test
  void addReturnsTheNewValue() {
    assertEquals(7L, model.step(5L, CounterModel.add(2), 7L));
    assertNull(model.step(5L, CounterModel.add(2), 5L));
  }

  @Test
  void getReturnsTheValueAndLeavesIt() {
    assertEquals(5L, model.step(5L, CounterModel.get(), 5L));
    assertEquals(5L, model.step(5L, CounterModel.getvalue(), 5L));
    assertNull(model.step(5L, CounterModel.get(), 6L));
  }

  @Test
  void incrementReturnsNothing() {
    assertEquals(6L, model.step(5L, CounterModel.increment(), null));
    assertNull(model.step(5L, CounterModel.increment(), 6L));
  }

  @Test
  void integerOutputsCountAsLongsButOtherTypesDoNot() {
    assertEquals(5L, model.step(5L, CounterModel.get(), 5));
    assertNull(model.step(5L, CounterModel.get(), "5"));
  }

  @Test
  void indeterminateStepAppliesTheInputWhateverItsOutput() {
    assertEquals(7L, model.stepIndeterminate(5L, CounterModel.add(2)));
    assertEquals(5L, model.stepIndeterminate(5L, CounterModel.get()));
  }

  @Test
  void unknownMethodOrMissingArgumentIsMalformed() {
    assertThrows(IllegalArgumentException.class, () -> model.step(0L, Input.of("reset"), null));
    assertThrows(
        IllegalArgumentException.class, () -> model.step(0L, Input.of(CounterModel.ADD), 1L));
  }
}
