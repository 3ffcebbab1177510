package org.concoord.core.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;
import org.junit.jupiter.api.Test;

/** The view learner alone: messages in, sends and the learned view out. Time is stepped by hand. */
class ViewLearnerTest {
  static final NodeId SELF = NodeId.of("ns:1");
  static final NodeId R1 = NodeId.of("r1:1");
  static final NodeId R2 = NodeId.of("r2:1");
  static final NodeId R3 = NodeId.of("r3:1");
  static final NodeId A1 = NodeId.of("a1:1");
  static final View GENESIS = View.initial(List.of(R1, R2), List.of(A1));
  static final LearnerConfig CONFIG = new LearnerConfig(5, 20, 100);
  static final Ballot B1 = new Ballot(1, R1);

  final ViewLearner learner = new ViewLearner(SELF, GENESIS, CONFIG);
  final Effects effects = new Effects();

  static Batch batch(Command... commands) {
    return new Batch(0, List.of(commands));
  }

  static Batch call() {
    return batch(new ClientCommand(7, 1, 0, new Call("increment", new byte[0])));
  }

  void deliver(NodeId from, Message message) {
    learner.onMessage(from, message, effects);
  }

  void decide(long slot, Batch batch) {
    deliver(R1, new Decision(slot, batch));
  }

  void tick(int ticks) {
    for (int i = 0; i < ticks; i++) {
      learner.onTick(effects);
    }
  }

  /** The catch-up requests sent since the last call, as (target, fromSlot) text. */
  List<String> catchUpsSent() {
    List<String> sent = new ArrayList<>();
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Send send && send.message() instanceof CatchUpRequest request) {
        sent.add(send.target() + " from " + request.fromSlot());
      }
    }
    effects.clear();
    return sent;
  }

  @Test
  void aDecidedReplicaAdditionChangesTheViewAndBumpsTheSerial() {
    decide(1, call());
    decide(2, batch(Reconfigure.add(Role.REPLICA, R3)));

    assertEquals(2, learner.slotLearnedMax());
    assertEquals(List.of(R1, R2, R3), List.copyOf(learner.view().replicas()));
    assertEquals(GENESIS.epoch() + 1, learner.serial());
  }

  @Test
  void everyKindOfChangeInOneBatchIsAppliedInOrder() {
    decide(
        1,
        batch(
            Reconfigure.add(Role.NAMESERVER, SELF),
            Reconfigure.add(Role.ACCEPTOR, R3),
            Reconfigure.remove(Role.REPLICA, R2)));

    View view = learner.view();
    assertEquals(List.of(SELF), List.copyOf(view.nameservers()));
    assertEquals(List.of(A1, R3), List.copyOf(view.acceptors()));
    assertEquals(List.of(R1), List.copyOf(view.replicas()));
    assertEquals(3, learner.serial());
  }

  @Test
  void aChangeTheViewRefusesIsIgnoredAsTheReplicasIgnoreIt() {
    decide(1, batch(Reconfigure.remove(Role.ACCEPTOR, A1))); // the last acceptor stays
    decide(2, batch(Reconfigure.add(Role.REPLICA, R1))); // a member already

    assertEquals(GENESIS, learner.view());
    assertEquals(0, learner.serial());
    assertEquals(2, learner.slotLearnedMax());
  }

  @Test
  void slotsBeyondAGapWaitUntilTheGapFillsThenApplyInSlotOrder() {
    // Out of order, the removal would be refused (R3 not yet a member) and the addition kept.
    decide(3, batch(Reconfigure.remove(Role.REPLICA, R3)));
    decide(2, batch(Reconfigure.add(Role.REPLICA, R3)));
    assertEquals(0, learner.slotLearnedMax());
    assertEquals(GENESIS, learner.view());

    decide(1, call());

    assertEquals(3, learner.slotLearnedMax());
    assertEquals(List.of(R1, R2), List.copyOf(learner.view().replicas()));
    assertEquals(2, learner.serial(), "added, then removed: two changes");
  }

  @Test
  void aDuplicateDecisionIsLearnedOnce() {
    decide(1, batch(Reconfigure.add(Role.REPLICA, R3)));
    decide(1, batch(Reconfigure.add(Role.REPLICA, R3)));
    deliver(R2, new CatchUpReply(1, List.of(batch(Reconfigure.add(Role.REPLICA, R3)))));

    assertEquals(1, learner.serial());
    assertEquals(1, learner.slotLearnedMax());
  }

  @Test
  void aDecisionFarBeyondTheAheadBoundIsDroppedAndComesAgainByCatchUp() {
    decide(CONFIG.aheadSlotsMax() + 2, batch(Reconfigure.add(Role.REPLICA, R3)));
    for (long slot = 1; slot <= CONFIG.aheadSlotsMax() + 1; slot++) {
      decide(slot, Batch.NOOP);
    }

    assertEquals(CONFIG.aheadSlotsMax() + 1, learner.slotLearnedMax());
    assertEquals(GENESIS, learner.view());
  }

  @Test
  void aHeartbeatAheadAsksItsLeaderForTheNextSlotAtMostOncePerResendInterval() {
    decide(1, call());
    effects.clear();

    deliver(R1, new Heartbeat(B1, 40));
    deliver(R1, new Heartbeat(B1, 41));
    assertEquals(List.of("r1:1 from 2"), catchUpsSent());

    tick(CONFIG.catchUpResendTicks());
    deliver(R1, new Heartbeat(B1, 42));
    assertEquals(List.of("r1:1 from 2"), catchUpsSent());
  }

  @Test
  void aHeartbeatNotAheadAsksNothing() {
    decide(1, call());
    effects.clear();

    deliver(R1, new Heartbeat(B1, 1));

    assertEquals(List.of(), catchUpsSent());
    assertTrue(learner.isCaughtUp());
  }

  @Test
  void aCatchUpReplyThatLeavesTheLearnerBehindAsksForTheNextRunAtOnce() {
    deliver(R1, new Heartbeat(B1, 5));
    assertEquals(List.of("r1:1 from 1"), catchUpsSent());

    deliver(R1, new CatchUpReply(1, List.of(call(), batch(Reconfigure.add(Role.REPLICA, R3)))));
    assertEquals(List.of("r1:1 from 3"), catchUpsSent());
    assertFalse(learner.isCaughtUp());

    deliver(R1, new CatchUpReply(3, List.of(call(), call(), call())));
    assertEquals(List.of(), catchUpsSent());
    assertTrue(learner.isCaughtUp());
    assertEquals(5, learner.slotLearnedMax());
    assertEquals(1, learner.serial());
  }

  @Test
  void aGapInDecisionsAsksTheirSenderForCatchUp() {
    decide(4, call());

    assertEquals(List.of("r1:1 from 1"), catchUpsSent());
  }

  @Test
  void heartbeatsOfADeposedLeaderOrInAnotherNodesNameAreIgnored() {
    deliver(R2, new Heartbeat(new Ballot(2, R2), 0));
    deliver(R1, new Heartbeat(B1, 9)); // below the ballot heard
    deliver(R3, new Heartbeat(new Ballot(3, R2), 9)); // R3 speaks for R2

    assertEquals(List.of(), catchUpsSent());
    assertEquals(R2, learner.leaderHint());
    assertEquals(new Ballot(2, R2), learner.ballotHeard());
  }

  @Test
  void isNotCaughtUpBeforeAnyHeartbeatEvenWithDecisions() {
    decide(1, call());
    assertFalse(learner.isCaughtUp());
    assertNull(learner.leaderHint());

    deliver(R1, new Heartbeat(B1, 3));
    assertFalse(learner.isCaughtUp());
    decide(2, call());
    decide(3, call());
    assertTrue(learner.isCaughtUp());

    deliver(R1, new Heartbeat(B1, 9));
    assertTrue(learner.isCaughtUp(), "caught up once: stays so while it catches up again");
  }

  @Test
  void silenceAsksEachReplicaOfTheNewestViewInTurnButNeverItself() {
    decide(1, batch(Reconfigure.add(Role.REPLICA, SELF)));
    effects.clear();

    tick(CONFIG.silenceTicks() - 1);
    assertEquals(List.of(), catchUpsSent());
    tick(1);
    assertEquals(List.of("r1:1 from 2"), catchUpsSent());
    tick(CONFIG.silenceTicks());
    assertEquals(List.of("r2:1 from 2"), catchUpsSent());
    tick(CONFIG.silenceTicks());
    assertEquals(List.of("r1:1 from 2"), catchUpsSent());
  }

  @Test
  void heartbeatsKeepTheLearnerFromAskingUnprompted() {
    for (int i = 0; i < 10; i++) {
      tick(CONFIG.silenceTicks() - 1);
      deliver(R1, new Heartbeat(B1, 0));
    }

    assertEquals(List.of(), catchUpsSent());
  }

  @Test
  void restoreJumpsToTheSnapshotAndAppliesWhatWaitedBeyondIt() {
    decide(1, call());
    decide(12, batch(Reconfigure.add(Role.REPLICA, R3)));
    ViewHistory snapshot = new ViewHistory(GENESIS);
    snapshot.applyDecided(5, Reconfigure.add(Role.NAMESERVER, SELF));

    assertTrue(learner.restore(11, snapshot));

    assertEquals(12, learner.slotLearnedMax());
    assertEquals(List.of(SELF), List.copyOf(learner.view().nameservers()));
    assertEquals(List.of(R1, R2, R3), List.copyOf(learner.view().replicas()));
    assertEquals(2, learner.serial());
    assertFalse(learner.restore(12, new ViewHistory(GENESIS)), "never moves backwards");
    assertEquals(2, learner.serial());
  }

  @Test
  void messagesNotForALearnerAreIgnored() {
    deliver(R1, new CatchUpRequest(1));

    assertTrue(effects.isEmpty());
    assertEquals(0, learner.slotLearnedMax());
  }
}
