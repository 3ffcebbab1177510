package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.DurableWrite;
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

  @Test
  void truncateIsPersistedSoThatRecoveryRemembersIt() {
    Acceptor acceptor = withSlots(10);
    Effects effects = new Effects();
    acceptor.onMessage(LEADER, new Truncate(7), effects);
    assertEquals(List.of(new Effects.Persist(new DurableWrite.TruncateWrite(7))), effects.list());

    Effects stale = new Effects();
    acceptor.onMessage(LEADER, new Truncate(5), stale);
    assertTrue(stale.isEmpty(), "a truncation below the current one writes nothing");
  }

  @Test
  void recoveryFromACompactedLogRefusesPhaseOneBelowTheTruncation() {
    Acceptor live = withSlots(10);
    live.onMessage(LEADER, new Truncate(7), new Effects());
    // What a compacted log holds: the truncation point, the promise, the retained pvalues.
    List<DurableWrite> compacted = new ArrayList<>();
    compacted.add(new DurableWrite.TruncateWrite(live.slotTruncatedBelow()));
    compacted.add(new DurableWrite.PromiseWrite(live.promised()));
    live.accepted().values().forEach(p -> compacted.add(new DurableWrite.AcceptWrite(p)));

    Acceptor recovered = Acceptor.recover(NodeId.of("a1"), compacted, Set.of(), Observer.NONE);

    assertEquals(7, recovered.slotTruncatedBelow());
    assertEquals(live.accepted(), recovered.accepted());
    Effects effects = new Effects();
    recovered.onMessage(NodeId.of("r2"), new Prepare(new Ballot(2, NodeId.of("r2")), 3), effects);
    assertTrue(effects.isEmpty(), "the recovered acceptor still refuses a leader behind it");
  }

  @Test
  void recoveryReplaysATruncationAfterTheAcceptsItDrops() {
    Acceptor live = withSlots(10);
    Effects effects = new Effects();
    live.onMessage(LEADER, new Truncate(4), effects);
    List<DurableWrite> log = new ArrayList<>();
    log.add(new DurableWrite.PromiseWrite(B1));
    for (long slot = 1; slot <= 10; slot++) {
      log.add(new DurableWrite.AcceptWrite(new PValue(B1, slot, Batch.NOOP)));
    }
    log.add(((Effects.Persist) effects.list().get(0)).write());

    Acceptor recovered = Acceptor.recover(NodeId.of("a1"), log, Set.of(), Observer.NONE);

    assertEquals(live.accepted(), recovered.accepted());
    assertEquals(4, recovered.slotTruncatedBelow());
  }
}
