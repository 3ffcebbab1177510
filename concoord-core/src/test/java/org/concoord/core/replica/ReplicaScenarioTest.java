package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Propose;
import org.junit.jupiter.api.Test;

/** Normal operation through the in-test cluster: election, ordering, redirects, exactly-once. */
class ReplicaScenarioTest {

  static List<Outcome> outcomes(List<ClientReply> replies) {
    return replies.stream().map(ClientReply::outcome).toList();
  }

  @Test
  void aSingleReplicaWithASingleAcceptorElectsItselfAndExecutesACall() {
    TestCluster cluster = new TestCluster(1, 1);
    assertFalse(cluster.replica("r1").isLeader(), "no leader before the election timeout");

    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));

    assertEquals(id("r1"), leader);
    List<ClientReply> replies = cluster.repliesTo(7, 1);
    assertEquals(List.of(Outcome.OK), outcomes(replies));
    assertArrayEquals(CountingMachine.bytes("1"), replies.get(0).payload());
    assertEquals(1, cluster.replica("r1").slotExecutedMax());
  }

  @Test
  void threeReplicasExecuteEveryCallInTheSameOrder() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();

    for (long seq = 1; seq <= 4; seq++) {
      for (long client = 1; client <= 3; client++) {
        cluster.submit(leader, command(client, seq, seq - 1, "inc"));
      }
      cluster.deliverAll();
    }

    List<String> leaderLog = cluster.machines.get(leader).executed;
    assertEquals(12, leaderLog.size());
    cluster.machines.values().forEach(m -> assertEquals(leaderLog, m.executed));
    assertEquals(12, cluster.replies.size(), "one reply per call, from the leader");
  }

  @Test
  void aFollowerAnswersNotLeaderNamingTheLeader() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    NodeId follower =
        cluster.replicas.keySet().stream().filter(r -> !r.equals(leader)).findFirst().orElseThrow();

    cluster.request(follower, command(7, 1, 0, "inc"));

    ClientReply reply = cluster.repliesTo(7, 1).get(0);
    assertEquals(Outcome.NOT_LEADER, reply.outcome());
    assertEquals(leader, reply.leaderHint());
    assertEquals(0, cluster.machines.get(leader).calls(), "a redirected call is not proposed");
  }

  @Test
  void aReplicaThatKnowsNoLeaderAnswersNotLeaderWithoutAHint() {
    TestCluster cluster = new TestCluster(3, 3);

    cluster.request(id("r2"), command(7, 1, 0, "inc"));

    ClientReply reply = cluster.repliesTo(7, 1).get(0);
    assertEquals(Outcome.NOT_LEADER, reply.outcome());
    assertNull(reply.leaderHint());
  }

  @Test
  void aRetryExecutesOnceAndGetsTheOriginalReplyBeforeAndAfterTheDecision() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    ClientCommand call = command(7, 1, 0, "inc");

    cluster.submit(leader, call);
    cluster.submit(leader, call); // retried while in flight: queued once
    cluster.deliverAll();
    cluster.request(leader, call); // retried after the decision: answered from the reply cache

    List<ClientReply> replies = cluster.repliesTo(7, 1);
    assertEquals(List.of(Outcome.OK, Outcome.OK), outcomes(replies));
    assertEquals(replies.get(0), replies.get(1));
    cluster.machines.values().forEach(m -> assertEquals(1, m.calls()));
    assertEquals(3, cluster.sentOf(Propose.class).size(), "one Propose per acceptor, once");
  }

  @Test
  void aCommandDecidedInTwoSlotsExecutesOnceAndIsAnsweredTwiceAlike() {
    // An old leader's proposal and a new leader's may both be chosen: the cache keeps it once.
    TestCluster cluster = new TestCluster(2, 1);
    NodeId r1 = id("r1");
    NodeId r2 = id("r2");
    ClientCommand call = command(7, 1, 0, "inc");
    cluster.request(r1, call); // no leader yet: NOT_LEADER, but the client is now attached here

    // r2 leads (its heartbeat says so); its decisions reach r1.
    cluster.inject(r2, r1, new Heartbeat(new Ballot(1, r2), 0));
    cluster.inject(r2, r1, new Decision(1, new Batch(1, List.of(call))));
    cluster.inject(r2, r1, new Decision(2, new Batch(2, List.of(call))));

    assertEquals(2, cluster.replica("r1").slotExecutedMax());
    assertEquals(1, cluster.machine("r1").calls());
    List<ClientReply> replies = cluster.repliesTo(7, 1);
    assertEquals(List.of(Outcome.NOT_LEADER, Outcome.OK, Outcome.OK), outcomes(replies));
    // Alike but for the slot each reflects (issue 20): the second is answered from the cache.
    assertEquals(replies.get(1).atSlot(0), replies.get(2).atSlot(0));
  }

  @Test
  void theLeaderDecidesOnlyOnAcceptedFromAMajorityOfDistinctMembers() {
    TestCluster cluster = new TestCluster(1, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.cut(id("a2"), leader);
    cluster.cut(id("a3"), leader);
    cluster.request(leader, command(7, 1, 0, "inc"));
    Ballot ballot = cluster.replicas.get(leader).ballot();

    cluster.inject(id("a1"), leader, new Accepted(ballot, 1)); // a duplicate of a1's
    cluster.inject(id("a9"), leader, new Accepted(ballot, 1)); // not an acceptor of the view
    assertEquals(0, cluster.replica("r1").slotExecutedMax());

    cluster.inject(id("a3"), leader, new Accepted(ballot, 1));
    assertEquals(1, cluster.replica("r1").slotExecutedMax());
    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(7, 1)));
  }

  @Test
  void anAcceptedForAnotherBallotDoesNotCount() {
    TestCluster cluster = new TestCluster(1, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.cut(id("a2"), leader);
    cluster.cut(id("a3"), leader);
    cluster.request(leader, command(7, 1, 0, "inc"));
    Ballot ballot = cluster.replicas.get(leader).ballot();

    cluster.inject(id("a2"), leader, new Accepted(ballot.next(id("r2")), 1));
    cluster.inject(id("a3"), leader, new Accepted(Ballot.ZERO, 1));

    assertEquals(0, cluster.replica("r1").slotExecutedMax());
  }

  @Test
  void aRequestBelowTheAcknowledgedSeqIsIgnored() {
    TestCluster cluster = new TestCluster(1, 1);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    cluster.request(leader, command(7, 2, 2, "inc"));
    int proposes = cluster.sentOf(Propose.class).size();

    cluster.request(leader, command(7, 1, 0, "inc"));

    assertEquals(1, cluster.repliesTo(7, 1).size(), "no second reply");
    assertEquals(proposes, cluster.sentOf(Propose.class).size(), "nothing proposed");
    assertEquals(2, cluster.machine("r1").calls());
  }

  @Test
  void aPreemptedLeaderStepsDownAndRedirectsItsQueuedRequests() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId old = cluster.awaitLeader();
    cluster.isolate(old);
    for (long client = 1; client <= 12; client++) {
      cluster.submit(old, command(client, 1, 0, "inc")); // 10 fill the window, 2 stay queued
    }
    // Elected, not waiting out its fence: meanwhile check-quorum would depose the old leader.
    NodeId next = cluster.awaitElectedOtherThan(old);
    assertTrue(cluster.replicas.get(old).isLeader(), "still leads: it has heard of nobody");

    cluster.acceptors.keySet().forEach(a -> cluster.heal(old, a));
    cluster.acceptors.keySet().forEach(a -> cluster.heal(a, old));
    cluster.tick(TestCluster.CONFIG.resendTicks()); // resent Proposes meet the higher promise

    assertFalse(cluster.replicas.get(old).isLeader());
    assertTrue(cluster.marks.contains("acceptor.propose.preempted"));
    assertTrue(cluster.marks.contains("leader.preempted-active"));
    for (long client = 11; client <= 12; client++) {
      ClientReply reply = cluster.repliesTo(client, 1).get(0);
      assertEquals(Outcome.NOT_LEADER, reply.outcome());
      assertEquals(next, reply.leaderHint());
    }
    assertTrue(cluster.repliesTo(1, 1).isEmpty(), "in-flight calls are left to client retries");
  }
}
