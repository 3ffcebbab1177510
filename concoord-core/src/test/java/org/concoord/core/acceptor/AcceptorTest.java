package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.DurableWrite.AcceptWrite;
import org.concoord.core.effects.DurableWrite.PromiseWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Effects.Effect;
import org.concoord.core.effects.Effects.Persist;
import org.concoord.core.effects.Effects.Send;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.junit.jupiter.api.Test;

/**
 * One input in, the effects and the new state out. Rules are PMMC's (van Renesse and Altinbuken,
 * "Paxos Made Moderately Complex", acceptor): p1a raises the promise only for a higher ballot and
 * answers with every accepted pvalue; p2a is accepted iff its ballot is not below the promise.
 */
class AcceptorTest {
  static final NodeId SELF = NodeId.of("a1");
  static final NodeId LEADER = NodeId.of("r1");
  static final Ballot B1 = new Ballot(1, LEADER);
  static final Ballot B2 = new Ballot(2, LEADER);
  static final Ballot B3 = new Ballot(3, LEADER);

  private final Effects effects = new Effects();

  static Batch batch(String method) {
    return new Batch(7, List.of(new ClientCommand(1, 1, 0, new Call(method, new byte[] {1}))));
  }

  static Acceptor acceptorWith(DurableWrite... writes) {
    return Acceptor.recover(SELF, List.of(writes), Set.of(), Observer.NONE);
  }

  @Test
  void prepareAboveThePromiseRaisesItAndPersistsBeforeThePromiseLeaves() {
    // PMMC p1a: if b > ballot_num then ballot_num := b; reply p1b(ballot_num, accepted).
    Acceptor acceptor = acceptorWith(new PromiseWrite(B1));

    acceptor.onMessage(LEADER, new Prepare(B2, 1), effects);

    assertEquals(B2, acceptor.promised());
    assertEquals(
        List.of(new Persist(new PromiseWrite(B2)), new Send(LEADER, new Promise(B2, 1, List.of()))),
        effects.list());
    assertTrue(effects.needsSync());
  }

  @Test
  void promiseReportsAcceptedPvaluesFromTheRequestedSlotOnOnly() {
    PValue slot2 = new PValue(B1, 2, batch("x"));
    PValue slot5 = new PValue(B1, 5, batch("y"));
    PValue slot9 = new PValue(B2, 9, batch("z"));
    Acceptor acceptor =
        acceptorWith(new AcceptWrite(slot2), new AcceptWrite(slot5), new AcceptWrite(slot9));

    acceptor.onMessage(LEADER, new Prepare(B3, 5), effects);

    assertEquals(
        new Send(LEADER, new Promise(B3, 5, List.of(slot5, slot9))), effects.list().get(1));
  }

  @Test
  void prepareBelowThePromiseIsPreemptedWithThePromisedBallotAndNoPersist() {
    // PMMC p1a: the reply always carries ballot_num, which tells the leader it lost.
    Acceptor acceptor = acceptorWith(new PromiseWrite(B2));

    acceptor.onMessage(LEADER, new Prepare(B1, 1), effects);

    assertEquals(List.of(new Send(LEADER, new Preempted(B1, B2))), effects.list());
    assertEquals(B2, acceptor.promised());
    assertTrue(!effects.needsSync());
  }

  @Test
  void prepareEqualToThePromiseIsRefusedSoOneIncarnationOwnsEachBallot() {
    // Stricter than PMMC (which re-answers p1a at an equal ballot): see Acceptor#onPrepare.
    Acceptor acceptor = acceptorWith(new PromiseWrite(B2));

    acceptor.onMessage(LEADER, new Prepare(B2, 1), effects);

    assertEquals(List.of(new Send(LEADER, new Preempted(B2, B2))), effects.list());
  }

  @Test
  void proposeAtThePromisedBallotIsPersistedThenAccepted() {
    // PMMC p2a: if b >= ballot_num then ballot_num := b; accepted := accepted + {pvalue}.
    Acceptor acceptor = acceptorWith(new PromiseWrite(B2));
    PValue pvalue = new PValue(B2, 1, batch("x"));

    acceptor.onMessage(LEADER, new Propose(pvalue), effects);

    assertEquals(
        List.of(new Persist(new AcceptWrite(pvalue)), new Send(LEADER, new Accepted(B2, 1))),
        effects.list());
    assertEquals(Map.of(1L, pvalue), acceptor.accepted());
  }

  @Test
  void proposeAboveThePromiseRaisesThePromiseAndIsAccepted() {
    Acceptor acceptor = acceptorWith(new PromiseWrite(B1));
    PValue pvalue = new PValue(B3, 4, batch("x"));

    acceptor.onMessage(LEADER, new Propose(pvalue), effects);

    assertEquals(B3, acceptor.promised());
    assertEquals(new Persist(new AcceptWrite(pvalue)), effects.list().get(0));
    assertEquals(new Send(LEADER, new Accepted(B3, 4)), effects.list().get(1));
  }

  @Test
  void proposeBelowThePromiseIsPreemptedAndLeavesNoTrace() {
    Acceptor acceptor = acceptorWith(new PromiseWrite(B2));

    acceptor.onMessage(LEADER, new Propose(new PValue(B1, 1, batch("x"))), effects);

    assertEquals(List.of(new Send(LEADER, new Preempted(B1, B2))), effects.list());
    assertTrue(acceptor.accepted().isEmpty());
    assertEquals(B2, acceptor.promised());
  }

  @Test
  void duplicateProposeIsAcceptedAgainWithoutASecondPersist() {
    Acceptor acceptor = acceptorWith(new PromiseWrite(B2));
    PValue pvalue = new PValue(B2, 1, batch("x"));
    acceptor.onMessage(LEADER, new Propose(pvalue), effects);
    effects.clear();

    acceptor.onMessage(LEADER, new Propose(pvalue), effects);

    assertEquals(List.of(new Send(LEADER, new Accepted(B2, 1))), effects.list());
    assertTrue(!effects.needsSync());
  }

  @Test
  void aHigherBallotProposalReplacesTheValueAcceptedInTheSlot() {
    PValue old = new PValue(B1, 3, batch("old"));
    PValue newer = new PValue(B2, 3, batch("new"));
    Acceptor acceptor = acceptorWith(new AcceptWrite(old));

    acceptor.onMessage(LEADER, new Propose(newer), effects);

    assertEquals(newer, acceptor.accepted().get(3L));
    assertEquals(new Persist(new AcceptWrite(newer)), effects.list().get(0));
  }

  @Test
  void recoverRebuildsPromisedAndAcceptedFromTheWrites() {
    PValue slot1 = new PValue(B1, 1, batch("a"));
    PValue slot1Again = new PValue(B2, 1, batch("b"));
    PValue slot2 = new PValue(B2, 2, batch("c"));

    Acceptor acceptor =
        acceptorWith(
            new PromiseWrite(B1),
            new AcceptWrite(slot1),
            new PromiseWrite(B3),
            new AcceptWrite(slot1Again),
            new AcceptWrite(slot2));

    assertEquals(B3, acceptor.promised(), "an accept below a later promise does not lower it");
    assertEquals(Map.of(1L, slot1Again, 2L, slot2), acceptor.accepted());
  }

  @Test
  void recoverFromAnAcceptWriteAloneRestoresItsBallotAsPromised() {
    Acceptor acceptor = acceptorWith(new AcceptWrite(new PValue(B2, 1, batch("a"))));
    assertEquals(B2, acceptor.promised());
  }

  @Test
  void recoverFromTheWritesOfARunReproducesItsState() {
    Acceptor live = new Acceptor(SELF);
    List<DurableWrite> log = new ArrayList<>();
    live.onMessage(LEADER, new Prepare(B1, 1), effects);
    live.onMessage(LEADER, new Propose(new PValue(B1, 1, batch("a"))), effects);
    live.onMessage(LEADER, new Prepare(B3, 1), effects);
    live.onMessage(LEADER, new Propose(new PValue(B3, 1, batch("b"))), effects);
    live.onMessage(LEADER, new Propose(new PValue(B2, 2, batch("late"))), effects);
    for (Effect effect : effects.list()) {
      if (effect instanceof Persist persist) {
        log.add(persist.write());
      }
    }

    Acceptor recovered = Acceptor.recover(SELF, log, Set.of(), Observer.NONE);

    assertEquals(live.promised(), recovered.promised());
    assertEquals(live.accepted(), recovered.accepted());
  }

  @Test
  void aFreshAcceptorHasPromisedZeroAndAcceptedNothing() {
    Acceptor acceptor = new Acceptor(SELF);
    assertEquals(Ballot.ZERO, acceptor.promised());
    assertTrue(acceptor.accepted().isEmpty());
  }

  @Test
  void messagesNotForAnAcceptorAreIgnored() {
    Acceptor acceptor = acceptorWith(new PromiseWrite(B1));

    acceptor.onMessage(LEADER, new Decision(1, batch("x")), effects);
    acceptor.onMessage(LEADER, new Accepted(B3, 1), effects);
    acceptor.onMessage(LEADER, new Promise(B3, 1, List.of()), effects);
    acceptor.onMessage(LEADER, new Preempted(B1, B3), effects);

    assertTrue(effects.isEmpty());
    assertEquals(B1, acceptor.promised());
  }

  @Test
  void aHeartbeatIsAnsweredAliveWithoutChangingAnything() {
    Acceptor acceptor = acceptorWith(new PromiseWrite(B1));
    acceptor.onMessage(LEADER, new Heartbeat(B3, 4), effects);
    assertEquals(List.of(new Effects.Send(LEADER, new Alive(B3, 0))), effects.list());
    assertEquals(B1, acceptor.promised());
  }

  @Test
  void repliesGoToTheSenderOfTheRequest() {
    Acceptor acceptor = new Acceptor(SELF);
    NodeId other = NodeId.of("r2");

    acceptor.onMessage(other, new Prepare(new Ballot(1, other), 1), effects);

    assertEquals(other, ((Send) effects.list().get(1)).target());
  }
}
