package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.DurableWrite.AcceptWrite;
import org.concoord.core.effects.DurableWrite.PromiseWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Effects.Effect;
import org.concoord.core.effects.Effects.Persist;
import org.concoord.core.effects.Effects.Send;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The acceptor's relation matrix, exhaustively: (Prepare ballot <,=,> promised) x (Propose ballot
 * <,=,> the promise at that time) x (Propose slot <,=,> the slot already accepted) x (nothing
 * accepted there / the same value / a different value). Every cell checks the acceptor invariants
 * (PMMC's invariants A1-A4) on every step, plus that the durable writes alone rebuild the state.
 */
class AcceptorRelationMatrixTest {
  enum Rel {
    BELOW,
    EQUAL,
    ABOVE;

    long offset() {
      return ordinal() - 1L;
    }
  }

  enum Existing {
    NONE,
    SAME_VALUE,
    DIFFERENT_VALUE
  }

  private static final NodeId LEADER = NodeId.of("m");
  private static final Ballot PROMISED = new Ballot(5, LEADER);
  private static final long SLOT = 5;
  private static final Batch VALUE = AcceptorTest.batch("same");
  private static final Batch OTHER = AcceptorTest.batch("other");

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void acceptorInvariantsHoldInEveryCell(
      @ForAll Rel prepare, @ForAll Rel propose, @ForAll Rel slot, @ForAll Existing existing) {
    Cell cell = new Cell(Set.of(), existing);

    List<Effect> phase1 = cell.step(new Prepare(shift(PROMISED, prepare), 1));
    Ballot promisedAtPropose = cell.acceptor.promised();
    PValue pvalue =
        new PValue(
            shift(promisedAtPropose, propose),
            SLOT + slot.offset(),
            existing == Existing.DIFFERENT_VALUE ? OTHER : VALUE);
    List<Effect> phase2 = cell.step(new Propose(pvalue));

    // The cell's expected outcome, on top of the invariants the steps checked.
    Class<?> reply1 = prepare == Rel.ABOVE ? Promise.class : Preempted.class;
    assertInstanceOf(reply1, lastSend(phase1).message());
    Class<?> reply2 = propose == Rel.BELOW ? Preempted.class : Accepted.class;
    assertInstanceOf(reply2, lastSend(phase2).message());
    boolean duplicate =
        propose == Rel.EQUAL
            && slot == Rel.EQUAL
            && existing == Existing.SAME_VALUE
            && prepare != Rel.ABOVE;
    boolean persisted = phase2.stream().anyMatch(e -> e instanceof Persist);
    assertEquals(propose != Rel.BELOW && !duplicate, persisted, "phase 2 persisted");
  }

  @Test
  void theMatrixCatchesAnAcceptorThatAcceptsBelowItsPromise() {
    // A check on the check: the deliberately broken acceptor must fail some cell.
    int caught = 0;
    for (Existing existing : Existing.values()) {
      Cell cell = new Cell(Set.of(Mutation.ACCEPT_BELOW_PROMISE), existing);
      try {
        cell.step(new Propose(new PValue(shift(PROMISED, Rel.BELOW), SLOT, OTHER)));
      } catch (AssertionFailedError expected) {
        caught++;
      }
    }
    assertEquals(Existing.values().length, caught);
  }

  private static Ballot shift(Ballot ballot, Rel rel) {
    return new Ballot(ballot.round() + rel.offset(), ballot.leader());
  }

  private static Send lastSend(List<Effect> effects) {
    Effect last = effects.get(effects.size() - 1);
    return assertInstanceOf(Send.class, last);
  }

  /** One acceptor under test, the writes it made durable and a reference of what it accepted. */
  private static final class Cell {
    final List<DurableWrite> durable = new ArrayList<>();
    final Map<Long, Ballot> highestAccepted = new HashMap<>();
    final Acceptor acceptor;

    Cell(Set<Mutation> mutations, Existing existing) {
      durable.add(new PromiseWrite(PROMISED));
      if (existing != Existing.NONE) {
        durable.add(new AcceptWrite(new PValue(PROMISED, SLOT, VALUE)));
        highestAccepted.put(SLOT, PROMISED);
      }
      acceptor = Acceptor.recover(NodeId.of("a1"), durable, mutations, Observer.NONE);
    }

    List<Effect> step(Message message) {
      Ballot promisedBefore = acceptor.promised();
      Map<Long, PValue> acceptedBefore = Map.copyOf(acceptor.accepted());
      Effects effects = new Effects();

      acceptor.onMessage(LEADER, message, effects);

      Ballot promisedAfter = acceptor.promised();
      assertTrue(!promisedAfter.isBelow(promisedBefore), "promised ballot decreased");
      boolean changed =
          !promisedAfter.equals(promisedBefore) || !acceptor.accepted().equals(acceptedBefore);
      int firstPersist = -1;
      for (int i = 0; i < effects.list().size(); i++) {
        Effect effect = effects.list().get(i);
        if (effect instanceof Persist persist) {
          durable.add(persist.write());
          firstPersist = firstPersist < 0 ? i : firstPersist;
        } else if (effect instanceof Send send) {
          checkReply(send.message(), promisedBefore, changed, firstPersist >= 0);
        } else {
          fail("an acceptor answers no client: " + effect);
        }
      }
      checkHighestBallotPerSlot();
      Acceptor rebuilt = Acceptor.recover(acceptor.self(), durable, Set.of(), Observer.NONE);
      assertEquals(promisedAfter, rebuilt.promised(), "durable writes lose the promise");
      assertEquals(acceptor.accepted(), rebuilt.accepted(), "durable writes lose an accept");
      return List.copyOf(effects.list());
    }

    private void checkReply(
        Message reply, Ballot promisedBefore, boolean changed, boolean persistedAhead) {
      if (reply instanceof Accepted accepted) {
        assertTrue(!accepted.ballot().isBelow(promisedBefore), "Accepted below the promise");
        assertEquals(accepted.ballot(), acceptor.accepted().get(accepted.slot()).ballot());
        highestAccepted.merge(accepted.slot(), accepted.ballot(), AcceptorRelationMatrixTest::max);
      } else if (reply instanceof Promise promise) {
        assertEquals(acceptor.promised(), promise.ballot());
      } else if (reply instanceof Preempted preempted) {
        assertEquals(acceptor.promised(), preempted.promised());
        assertTrue(!preempted.rejected().isAbove(preempted.promised()));
        return; // reports durable state only
      } else {
        fail("unexpected reply " + reply);
      }
      if (changed) {
        assertTrue(persistedAhead, "reply revealing a state change sent before its Persist");
      }
    }

    private void checkHighestBallotPerSlot() {
      assertEquals(highestAccepted.keySet(), acceptor.accepted().keySet());
      highestAccepted.forEach(
          (slot, ballot) -> assertEquals(ballot, acceptor.accepted().get(slot).ballot()));
    }
  }

  private static Ballot max(Ballot a, Ballot b) {
    return a.isAbove(b) ? a : b;
  }
}
