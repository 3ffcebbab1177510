package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;
import org.junit.jupiter.api.Test;

/**
 * The leader alone, driven as the replica drives it (issue 15 item 4): it returns what it decides
 * and does not learn it, it proposes only in the pass the replica's step ends with, and it reads
 * the replicated clock through its supplier.
 */
class LeaderTest {
  static final NodeId R0 = new NodeId("r0");
  static final List<NodeId> ACCEPTORS =
      List.of(new NodeId("a0"), new NodeId("a1"), new NodeId("a2"));

  final DecisionLog log = new DecisionLog(1_000);
  long clockTicks = 500;
  final Leader leader =
      new Leader(
          R0,
          TestCluster.CONFIG,
          Set.of(),
          Observer.NONE,
          new ViewHistory(View.initial(List.of(R0), ACCEPTORS)),
          log,
          () -> clockTicks,
          new LeaderLease(TestCluster.CONFIG, Set.of(), Observer.NONE));
  final Ballot ballot = new Ballot(1, R0);

  /** Phase 1 won with the promises of a0 and a1, in steps that end with the replica's pass. */
  private void lead(Effects effects) {
    leader.now(7);
    leader.campaign(ballot, effects);
    for (NodeId acceptor : ACCEPTORS.subList(0, 2)) {
      leader.onPromise(acceptor, new Promise(ballot, 1, List.of()), effects);
    }
    assertTrue(leader.isActive());
  }

  private static List<Propose> proposes(Effects effects) {
    return effects.list().stream()
        .filter(e -> e instanceof Effects.Send send && send.message() instanceof Propose)
        .map(e -> (Propose) ((Effects.Send) e).message())
        .distinct()
        .toList();
  }

  private static ClientCommand call(long seq) {
    return new ClientCommand(1, seq, seq, new Call("inc", new byte[0]));
  }

  @Test
  void proposesOnlyInTheStepsPassAndOnlyOnce() {
    Effects effects = new Effects();
    lead(effects);
    assertTrue(leader.offer(call(1)));
    assertTrue(proposes(effects).isEmpty(), "the handlers only mark a pass due");
    leader.proposeDue();
    leader.proposeIfDue(effects);
    assertEquals(1, proposes(effects).size());
    assertTrue(leader.offer(call(2)));
    Effects next = new Effects();
    leader.proposeIfDue(next);
    assertTrue(proposes(next).isEmpty(), "no pass is due: the queued call waits for its step's");
  }

  @Test
  void returnsTheDecisionWithoutLearningItAndStampsFromTheSuppliedClock() {
    Effects effects = new Effects();
    lead(effects);
    assertTrue(leader.offer(call(1)));
    leader.proposeDue();
    leader.proposeIfDue(effects);
    Propose propose = proposes(effects).get(0);
    assertTrue(
        propose.pvalue().batch().stampTicks() >= clockTicks,
        "stamped from the replicated clock, not behind it");
    assertNull(leader.onAccepted(ACCEPTORS.get(0), new Accepted(ballot, 1), effects));
    Decision decided = leader.onAccepted(ACCEPTORS.get(1), new Accepted(ballot, 1), effects);
    assertNotNull(decided);
    assertEquals(1, decided.slot());
    assertEquals(propose.pvalue().batch(), decided.batch());
    assertFalse(log.isDecided(1), "learning is the replica's");
    assertNull(
        leader.onAccepted(ACCEPTORS.get(2), new Accepted(ballot, 1), effects),
        "a late Accepted decides nothing");
  }
}
