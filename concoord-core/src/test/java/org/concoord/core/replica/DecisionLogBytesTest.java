package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.junit.jupiter.api.Test;

/** The decided log's byte budgets: slots held ahead of execution, and executed slots retained. */
class DecisionLogBytesTest {
  static Batch sized(int argBytes) {
    return new Batch(1, List.of(new ClientCommand(1, 1, 0, new Call("m", new byte[argBytes]))));
  }

  @Test
  void decisionsAheadOverTheBudgetAreDroppedButTheNextToExecuteIsAlwaysKept() {
    long one = WireSizes.batch(sized(1000));
    DecisionLog log = new DecisionLog(100, 2 * one, Long.MAX_VALUE);
    log.record(3, sized(1000));
    log.record(4, sized(1000));
    log.record(5, sized(1000)); // a third ahead: over the budget, dropped
    assertTrue(log.isDecided(4));
    assertFalse(log.isDecided(5), "dropped: catch-up brings it again");
    assertEquals(2 * one, log.aheadBytes());
    log.record(1, sized(1000)); // the next to execute: kept even over the budget
    assertNotNull(log.nextToExecute());
    log.markExecuted();
    assertEquals(2 * one, log.aheadBytes(), "executed slots no longer count as ahead");
  }

  @Test
  void executedSlotsOverTheRetainedBudgetAreForgottenEarly() {
    long one = WireSizes.batch(sized(1000));
    DecisionLog log = new DecisionLog(100, Long.MAX_VALUE, 3 * one);
    for (long slot = 1; slot <= 10; slot++) {
      log.record(slot, sized(1000));
      log.markExecuted();
    }
    assertEquals(8, log.slotRetainedMin(), "three slots' bytes kept, though 100 slots would be");
    assertEquals(8, log.forgottenForBytesBelow());
    assertTrue(log.executedFrom(5, 10).isEmpty(), "not retained: a snapshot serves it");
    assertEquals(3, log.executedFrom(8, 10).size());
    assertEquals(1, log.executedFrom(8, 10, one).size(), "catch-up cut by bytes, one at least");
  }
}
