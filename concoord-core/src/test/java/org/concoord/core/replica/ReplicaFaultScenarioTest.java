package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Promise;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/** Issue 14: a removed replica does not lead, and the replicated clock does not jump. */
class ReplicaFaultScenarioTest {
  private static final ReplicaConfig REMOVING =
      TestCluster.config(1_000, 100).withRemoveAfterTicks(40);

  @Test
  void aReplicaProbesItsPeersBeforeItsFirstCampaignAfterStarting() {
    TestCluster cluster = new TestCluster(3, 3, REMOVING, 1L);
    cluster.awaitLeader();
    assertTrue(
        cluster.marks.contains("replica.probe-before-campaign"),
        "a replica just started may have been removed while it was down: it asks first");
  }

  @Test
  void aLeaderThatExecutesItsOwnRemovalStepsDownAndAMemberLeads() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    assertTrue(cluster.reconfigure(leader, Reconfigure.remove(Role.REPLICA, leader)));
    cluster.tick(5);

    assertFalse(cluster.replicas.get(leader).isMember());
    assertFalse(cluster.replicas.get(leader).isLeader(), "it leads from outside the view");
    assertTrue(cluster.marks.contains("leader.resigned-removed"));
    NodeId next = cluster.awaitLeaderOtherThan(leader);
    assertTrue(cluster.replicas.get(next).isMember());
  }

  /**
   * The path of simulator seed 50 (read lease on): r2, removed while it was down, restarts empty on
   * its genesis view; its first probe brings nothing (the replicas' answers are lost), so it
   * campaigns, and an acceptor preempts it with the members' ballot. That ballot's leader is one it
   * does not hear: before campaigning again it must ask its peers (and so learn its removal), not
   * depose the members' leader with a higher ballot (with the lease's fence, each new leader it
   * deposed had decided nothing yet, and nothing was decided again).
   */
  @Test
  void aRemovedReplicaPreemptedByABallotItDoesNotHearAsksItsPeersBeforeCampaigningAgain() {
    TestCluster cluster =
        new TestCluster(3, 3, REMOVING.withReadLease(true).withLeaseLagTicks(0), 3L);
    NodeId leader = cluster.awaitLeader();
    NodeId removed =
        cluster.replicas.keySet().stream()
            .filter(id -> !id.equals(leader))
            .reduce((a, b) -> b)
            .orElseThrow();
    for (long seq = 1; seq <= 20; seq++) {
      cluster.request(leader, command(7, seq, seq - 1, "inc"));
    }
    cluster.isolate(removed); // down
    for (int i = 0;
        i < 400 && cluster.replicas.get(leader).latestView().replicas().contains(removed);
        i++) {
      cluster.tick(1);
    }
    assertFalse(cluster.replicas.get(leader).latestView().replicas().contains(removed));
    cluster.restartEmpty(removed);
    for (NodeId other : nodes(cluster)) {
      cluster.heal(removed, other); // it reaches everyone, and hears the acceptors only
      if (cluster.acceptors.containsKey(other)) {
        cluster.heal(other, removed);
      }
    }
    int sent = cluster.sent.size();
    for (int i = 0; i < 400 && preemptedAfter(cluster, sent, removed) == 0; i++) {
      cluster.tick(1);
    }
    assertTrue(preemptedAfter(cluster, sent, removed) > 0, "its campaign was preempted");
    for (NodeId replica : cluster.replicas.keySet()) {
      cluster.heal(replica, removed); // now its probes are answered
    }
    cluster.tick(300);

    long promises =
        cluster.sent.stream()
            .skip(sent)
            .filter(e -> e.to().equals(removed) && e.message() instanceof Promise)
            .count();
    assertEquals(0, promises, "the removed replica deposed the members' leader");
    assertFalse(cluster.replicas.get(removed).isMember(), "it learned its removal");
    assertTrue(cluster.replicas.get(leader).isLeader());
    cluster.request(leader, command(7, 21, 20, "inc"));
    assertEquals(Outcome.OK, cluster.repliesTo(7, 21).get(0).outcome());
  }

  private static long preemptedAfter(TestCluster cluster, int sent, NodeId to) {
    return cluster.sent.stream()
        .skip(sent)
        .filter(e -> e.to().equals(to) && e.message() instanceof Preempted)
        .count();
  }

  private static java.util.List<NodeId> nodes(TestCluster cluster) {
    java.util.List<NodeId> nodes = new java.util.ArrayList<>(cluster.replicas.keySet());
    nodes.addAll(cluster.acceptors.keySet());
    return nodes;
  }

  @Test
  void aLeaderCutOffFromItsAcceptorsDoesNotMakeTheClockJumpWhenTheyComeBack() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    long before = cluster.replicas.get(leader).clockTicks();
    for (NodeId acceptor : cluster.acceptors.keySet()) {
      cluster.cut(leader, acceptor);
      cluster.cut(acceptor, leader);
    }
    cluster.submit(leader, command(7, 2, 2, "inc")); // stuck: no acceptor hears the proposal
    cluster.tick(500); // check-quorum: the leader steps down, and a follower takes over
    for (NodeId acceptor : cluster.acceptors.keySet()) {
      cluster.heal(leader, acceptor);
      cluster.heal(acceptor, leader);
    }
    cluster.tick(30);
    NodeId now = cluster.awaitLeader();
    cluster.request(now, command(7, 3, 3, "inc"));

    assertEquals(Outcome.OK, cluster.repliesTo(7, 3).get(0).outcome());
    long jump = cluster.replicas.get(now).clockTicks() - before;
    assertTrue(
        jump <= Leader.STAMP_AHEAD_TICKS_MAX + 40,
        "the clock jumped " + jump + " ticks over an outage of 500");
  }

  @Test
  void aLeaderCutOffFromItsAcceptorsStepsDownWhileItsFollowersStillHearIt() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    for (NodeId acceptor : cluster.acceptors.keySet()) {
      cluster.cut(leader, acceptor);
      cluster.cut(acceptor, leader);
    }
    cluster.submit(leader, command(7, 2, 2, "inc")); // owed an Accepted that never comes

    NodeId next = cluster.awaitLeaderOtherThan(leader);
    assertTrue(cluster.marks.contains("leader.quorum-lost"));
    assertFalse(cluster.replicas.get(leader).isLeader(), "it leads a side that decides nothing");
    cluster.request(next, command(7, 3, 3, "inc"));
    assertEquals(Outcome.OK, cluster.repliesTo(7, 3).get(0).outcome());
  }

  @Test
  void anIdleLeaderThatHearsNoAcceptorKeepsLeading() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    cluster.tick(500); // nothing proposed: the acceptors owe it nothing

    assertTrue(cluster.replicas.get(leader).isLeader());
    assertFalse(cluster.marks.contains("leader.quorum-lost"));
  }
}
