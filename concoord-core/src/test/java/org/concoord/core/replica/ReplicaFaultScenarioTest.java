package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.message.Outcome;
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
    assertTrue(cluster.marks.contains("replica.probe-before-campaign"),
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
    assertTrue(jump <= Leader.STAMP_AHEAD_TICKS_MAX + 40,
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
