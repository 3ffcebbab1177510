package org.concoord.core.replica;

import static org.concoord.core.replica.ReplicaScenarioTest.outcomes;
import static org.concoord.core.replica.TestCluster.command;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.junit.jupiter.api.Test;

/** What clients see of the object and of their sessions: errors, blocking, expiry and bounds. */
class ReplicaSessionScenarioTest {

  @Test
  void anObjectExceptionIsRepliedAndTheReplicaKeepsServing() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();

    cluster.request(leader, command(7, 1, 0, "boom"));
    cluster.request(leader, command(7, 2, 2, "inc"));

    ClientReply failed = cluster.repliesTo(7, 1).get(0);
    assertEquals(Outcome.EXCEPTION, failed.outcome());
    assertArrayEquals(CountingMachine.bytes("boom"), failed.payload());
    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(7, 2)));
    cluster.machines.values().forEach(m -> assertEquals(2, m.calls()));
  }

  @Test
  void aParkedCallIsBlockedUntilALaterCallReleasesIt() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();

    cluster.request(leader, command(7, 1, 0, "park"));
    assertEquals(List.of(Outcome.BLOCKED), outcomes(cluster.repliesTo(7, 1)));
    cluster.request(leader, command(7, 1, 0, "park")); // a retry while parked: still blocked
    cluster.request(leader, command(8, 1, 0, "release"));

    assertEquals(
        List.of(Outcome.BLOCKED, Outcome.BLOCKED, Outcome.UNBLOCKED),
        outcomes(cluster.repliesTo(7, 1)));
    assertArrayEquals(CountingMachine.bytes("released"), cluster.repliesTo(7, 1).get(2).payload());
    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(8, 1)));
    cluster.machines.values().forEach(m -> assertEquals(2, m.calls()));
  }

  @Test
  void aRetryOfAReleasedCallGetsItsFinalResultFromTheCache() {
    TestCluster cluster = new TestCluster(1, 1);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "park"));
    cluster.request(leader, command(8, 1, 0, "release"));

    cluster.request(leader, command(7, 1, 0, "park"));

    List<ClientReply> replies = cluster.repliesTo(7, 1);
    assertTrue(replies.get(replies.size() - 1).outcome().isFinal());
    assertEquals(2, cluster.machine("r1").calls());
  }

  @Test
  void aSessionSilentPastTheExpiryOfTheLeaderClockIsRejectedOnRetry() {
    long expiryTicks = 20;
    TestCluster cluster = new TestCluster(3, 3, TestCluster.config(expiryTicks, 100), 1L);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    cluster.request(leader, command(7, 2, 2, "inc"));

    cluster.tick((int) expiryTicks + 5);
    cluster.request(leader, command(8, 1, 0, "inc")); // advances the replicated clock
    cluster.request(leader, command(7, 2, 2, "inc")); // a late retry: its reply is gone

    assertEquals(List.of(Outcome.OK, Outcome.REJECTED), outcomes(cluster.repliesTo(7, 2)));
    assertEquals(Reason.SESSION_EXPIRED, reason(cluster.repliesTo(7, 2).get(1)));
    assertTrue(cluster.marks.contains("sessions.expired"));
    cluster.machines.values().forEach(m -> assertEquals(3, m.calls()));
  }

  @Test
  void aSessionActiveWithinTheExpiryKeepsItsReplies() {
    TestCluster cluster = new TestCluster(1, 1, TestCluster.config(20, 100), 1L);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));

    cluster.tick(15);
    cluster.request(leader, command(8, 1, 0, "inc"));
    cluster.request(leader, command(7, 1, 0, "inc"));

    assertEquals(List.of(Outcome.OK, Outcome.OK), outcomes(cluster.repliesTo(7, 1)));
    assertEquals(2, cluster.machine("r1").calls());
  }

  @Test
  void repliesBeyondThePerSessionBoundAreRejected() {
    TestCluster cluster = new TestCluster(1, 1, TestCluster.config(1_000, 2), 1L);
    NodeId leader = cluster.awaitLeader();

    for (long seq = 1; seq <= 3; seq++) {
      cluster.request(leader, command(7, seq, 0, "inc"));
    }

    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(7, 2)));
    assertEquals(List.of(Outcome.REJECTED), outcomes(cluster.repliesTo(7, 3)));
    assertEquals(Reason.UNACKNOWLEDGED, reason(cluster.repliesTo(7, 3).get(0)));
    assertEquals(2, cluster.machine("r1").calls());
  }

  @Test
  void acknowledgingRepliesMakesRoomUnderThePerSessionBound() {
    TestCluster cluster = new TestCluster(1, 1, TestCluster.config(1_000, 2), 1L);
    NodeId leader = cluster.awaitLeader();

    for (long seq = 1; seq <= 5; seq++) {
      cluster.request(leader, command(7, seq, seq - 1, "inc"));
    }

    for (long seq = 1; seq <= 5; seq++) {
      assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(7, seq)));
    }
  }

  private static Reason reason(ClientReply reply) {
    return Refusal.decode(reply.payload()).reason();
  }
}
