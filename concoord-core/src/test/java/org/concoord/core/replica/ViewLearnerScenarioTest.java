package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.learner.ViewLearner;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/**
 * A nameserver's view learner inside an in-test cluster of real replicas and acceptors: it learns
 * the same view as the replicas, by decisions while it is in the view and by catch-up when it joins
 * late or misses decisions.
 */
class ViewLearnerScenarioTest {
  static final NodeId NS = id("ns1");

  static void calls(TestCluster cluster, NodeId leader, long client, int count) {
    for (int seq = 1; seq <= count; seq++) {
      cluster.request(leader, command(client, seq, seq - 1, "inc"));
    }
  }

  @Test
  void aNameserverThatJoinsLateCatchesUpAndLearnsTheReplicasView() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 1, 40);
    assertTrue(cluster.reconfigure(leader, Reconfigure.add(Role.REPLICA, id("r9"))));
    ViewLearner learner = cluster.addLearner(NS);
    assertFalse(learner.isCaughtUp());

    assertTrue(cluster.reconfigure(leader, Reconfigure.add(Role.NAMESERVER, NS)));
    cluster.tick(30);

    assertTrue(learner.isCaughtUp(), learner.describe());
    assertEquals(cluster.replicas.get(leader).latestView(), learner.view());
    assertTrue(learner.view().nameservers().contains(NS));
    assertTrue(learner.view().replicas().contains(id("r9")));
    assertEquals(cluster.replicas.get(leader).slotExecutedMax(), learner.slotLearnedMax());
  }

  @Test
  void aNameserverInTheViewFollowsEveryLaterChange() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    ViewLearner learner = cluster.addLearner(NS);
    cluster.reconfigure(leader, Reconfigure.add(Role.NAMESERVER, NS));
    cluster.tick(30);
    long serial = learner.serial();

    cluster.reconfigure(leader, Reconfigure.add(Role.ACCEPTOR, id("a9")));
    cluster.addAcceptor(id("a9"));
    calls(cluster, leader, 1, 5);
    cluster.reconfigure(leader, Reconfigure.remove(Role.REPLICA, id("r3")));
    calls(cluster, leader, 1, 0);

    assertEquals(serial + 2, learner.serial());
    assertEquals(cluster.replicas.get(leader).latestView(), learner.view());
  }

  @Test
  void aNameserverCutOffFromDecisionsCatchesUpAfterTheCutHeals() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    ViewLearner learner = cluster.addLearner(NS);
    cluster.reconfigure(leader, Reconfigure.add(Role.NAMESERVER, NS));
    cluster.tick(30);

    cluster.cut(leader, NS);
    calls(cluster, leader, 1, 20);
    cluster.reconfigure(leader, Reconfigure.add(Role.REPLICA, id("r9")));
    assertFalse(learner.view().replicas().contains(id("r9")));
    cluster.heal(leader, NS);
    cluster.tick(30);

    assertEquals(cluster.replicas.get(leader).latestView(), learner.view());
    assertEquals(cluster.replicas.get(leader).slotExecutedMax(), learner.slotLearnedMax());
  }
}
