package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.DurableWrite.AcceptWrite;
import org.concoord.core.message.Propose;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Phase 1 recovery and view changes. Acceptors are pre-loaded through {@code Acceptor.recover} with
 * what earlier leaders (whose replicas need not exist) got them to accept.
 */
class ReplicaRecoveryScenarioTest {
  private static final Ballot LOW = new Ballot(1, id("r2"));
  private static final Ballot HIGH = new Ballot(2, id("r3"));
  private static final Batch X = new Batch(1, List.of(command(70, 1, 0, "x")));
  private static final Batch Y = new Batch(2, List.of(command(80, 1, 0, "y")));

  private static AcceptWrite accepted(Ballot ballot, long slot, Batch batch) {
    return new AcceptWrite(new PValue(ballot, slot, batch));
  }

  @ParameterizedTest(name = "low-ballot value reported {0}")
  @ValueSource(strings = {"first", "second"})
  void aNewLeaderReproposesTheHighestBallotValueOfEachSlot(String lowReported) {
    // PMMC pmax: the leader must adopt, per slot, the pvalue of the highest ballot in its quorum.
    // Y is chosen (ballot 2 reached two of three); X (ballot 1) reached one. The first quorum of
    // promises, in address order, holds both; the parameter puts X's reporter first or second.
    boolean lowFirst = lowReported.equals("first");
    TestCluster cluster = new TestCluster(3, 3);
    cluster.addAcceptor(id("a1"), lowFirst ? accepted(LOW, 1, X) : accepted(HIGH, 1, Y));
    cluster.addAcceptor(id("a2"), lowFirst ? accepted(HIGH, 1, Y) : accepted(LOW, 1, X));
    cluster.addAcceptor(id("a3"), accepted(HIGH, 1, Y));

    cluster.awaitLeader();

    assertEquals(Y, cluster.chosen.get(1L));
    assertTrue(cluster.marks.contains("leader.recovered-pvalues"));
    cluster.machines.values().forEach(m -> assertEquals(List.of("y 80#1"), m.executed));
  }

  @Test
  void gapsBelowARecoveredSlotAreFilledWithNoops() {
    TestCluster cluster = new TestCluster(3, 3);
    cluster.addAcceptor(id("a1"), accepted(LOW, 3, Y));
    cluster.addAcceptor(id("a2"), accepted(LOW, 3, Y));

    cluster.awaitLeader();

    assertTrue(cluster.chosen.get(1L).isNoop());
    assertTrue(cluster.chosen.get(2L).isNoop());
    assertEquals(Y, cluster.chosen.get(3L));
    assertTrue(cluster.marks.contains("leader.gap-noop"));
    cluster.machines.values().forEach(m -> assertEquals(List.of("y 80#1"), m.executed));
  }

  @Test
  void anAddedAcceptorJoinsTheQuorumOfSlotsAWindowAfterTheChange() {
    TestCluster cluster = new TestCluster(1, 3);
    NodeId a4 = id("a4");
    cluster.addAcceptor(a4);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));

    Reconfigure change = Reconfigure.add(Role.ACCEPTOR, a4);
    assertTrue(cluster.reconfigure(leader, change));
    // The leader fills the window with no-ops at once, so find the slot that decided the change.
    long changeSlot =
        cluster.chosen.entrySet().stream()
            .filter(e -> e.getValue().commands().contains(change))
            .mapToLong(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertTrue(cluster.marks.contains("leader.view-change-noop"));
    long firstGoverned = changeSlot + View.WINDOW;
    Replica replica = cluster.replica("r1");
    assertFalse(replica.viewAt(firstGoverned - 1).acceptors().contains(a4));
    assertTrue(replica.viewAt(firstGoverned).acceptors().contains(a4));

    cluster.isolate(id("a1")); // from here on the new view's quorum (3 of 4) needs a4
    for (long seq = 2; seq <= View.WINDOW + 3; seq++) {
      cluster.request(leader, command(7, seq, seq - 1, "inc"));
    }

    assertTrue(replica.slotExecutedMax() >= firstGoverned + 2, cluster.describe());
    Map<Long, Set<NodeId>> targets =
        cluster.sentOf(Propose.class).stream()
            .collect(
                Collectors.groupingBy(
                    e -> ((Propose) e.message()).pvalue().slot(),
                    Collectors.mapping(TestCluster.Envelope::to, Collectors.toSet())));
    assertEquals(Set.of(id("a1"), id("a2"), id("a3")), targets.get(firstGoverned - 1));
    for (long slot = firstGoverned; slot <= firstGoverned + 2; slot++) {
      assertEquals(cluster.acceptors.keySet(), targets.get(slot), "Propose targets, slot " + slot);
      assertTrue(cluster.acceptors.get(a4).accepted().containsKey(slot));
    }
  }

  @Test
  void aChangeThatWouldRemoveTheLastAcceptorIsDecidedButIgnored() {
    TestCluster cluster = new TestCluster(1, 1);
    NodeId leader = cluster.awaitLeader();

    assertTrue(cluster.reconfigure(leader, Reconfigure.remove(Role.ACCEPTOR, id("a1"))));

    Replica replica = cluster.replica("r1");
    assertEquals(1, replica.slotExecutedMax());
    assertEquals(0, replica.latestView().epoch());
    assertTrue(cluster.marks.contains("view.change-refused"));
  }

  @Test
  void aFollowerRefusesAReconfiguration() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    NodeId follower = leader.equals(id("r1")) ? id("r2") : id("r1");

    assertFalse(cluster.reconfigure(follower, Reconfigure.add(Role.ACCEPTOR, id("a4"))));
  }
}
