package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.Truncate;
import org.junit.jupiter.api.Test;

/** Truncate bounds an acceptor's memory without letting a lagging leader forget a chosen slot. */
class AcceptorTruncateTest {
  static final NodeId LEADER = NodeId.of("r1");
  static final Ballot B1 = new Ballot(1, LEADER);

  static Acceptor withSlots(int slots) {
    Acceptor acceptor = new Acceptor(NodeId.of("a1"));
    Effects effects = new Effects();
    acceptor.onMessage(LEADER, new Prepare(B1, 1), effects);
    for (long slot = 1; slot <= slots; slot++) {
      acceptor.onMessage(LEADER, new Propose(new PValue(B1, slot, Batch.NOOP)), effects);
    }
    return acceptor;
  }

  @Test
  void truncateForgetsPvaluesBelowTheSlot() {
    Acceptor acceptor = withSlots(10);
    acceptor.onMessage(LEADER, new Truncate(7), new Effects());
    assertEquals(List.of(7L, 8L, 9L, 10L), List.copyOf(acceptor.accepted().keySet()));
    assertEquals(7, acceptor.slotTruncatedBelow());
  }

  @Test
  void truncateNeverMovesBack() {
    Acceptor acceptor = withSlots(10);
    acceptor.onMessage(LEADER, new Truncate(7), new Effects());
    acceptor.onMessage(LEADER, new Truncate(3), new Effects());
    assertEquals(7, acceptor.slotTruncatedBelow());
  }

  @Test
  void prepareStartingBelowTheTruncationGetsNoPromise() {
    Acceptor acceptor = withSlots(10);
    acceptor.onMessage(LEADER, new Truncate(7), new Effects());
    Effects effects = new Effects();
    acceptor.onMessage(NodeId.of("r2"), new Prepare(new Ballot(2, NodeId.of("r2")), 3), effects);
    assertTrue(effects.isEmpty(), "a leader behind the truncation must catch up first");
    assertEquals(B1, acceptor.promised(), "and its ballot is not promised");
  }

  @Test
  void prepareAtOrAboveTheTruncationReportsEveryRetainedPvalue() {
    Acceptor acceptor = withSlots(10);
    acceptor.onMessage(LEADER, new Truncate(7), new Effects());
    Effects effects = new Effects();
    Ballot b2 = new Ballot(2, NodeId.of("r2"));
    acceptor.onMessage(NodeId.of("r2"), new Prepare(b2, 8), effects);
    Promise promise =
        effects.list().stream()
            .filter(e -> e instanceof Effects.Send s && s.message() instanceof Promise)
            .map(e -> (Promise) ((Effects.Send) e).message())
            .findFirst()
            .orElseThrow();
    assertEquals(List.of(8L, 9L, 10L), promise.accepted().stream().map(PValue::slot).toList());
  }
}
