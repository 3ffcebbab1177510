package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** Reads without a log slot (docs/protocol.md, "Reads without a log slot"), through the cluster. */
class ReadIndexScenarioTest {
  private final TestCluster cluster =
      new TestCluster(
          3, 3, TestCluster.config(100_000, 100), 7, () -> new ObjectHost(ReadRegister.class));

  private static ClientCommand call(long client, long seq, String method, Object... args) {
    return new ClientCommand(client, seq, seq, new Call(method, ValueCodec.encodeArgs(args)));
  }

  private static ClientCommand named(long client, long seq, String method, Object... args) {
    return new ClientCommand(
        client, seq, seq, Call.on("box", "", method, ValueCodec.encodeArgs(args)));
  }

  private Object answer(long client, long seq) {
    List<ClientReply> replies = cluster.repliesTo(client, seq);
    assertEquals(1, replies.size(), "one reply to " + client + "#" + seq + ": " + replies);
    assertEquals(Outcome.OK, replies.get(0).outcome(), replies.get(0).toString());
    return ValueCodec.decode(replies.get(0).payload());
  }

  @Test
  void aReadOnlyCallIsAnsweredWithoutASlotAfterAMajorityConfirmsARound() {
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, call(1, 1, "set", 5L));
    long executed = cluster.replicas.get(leader).slotExecutedMax();

    cluster.request(leader, call(1, 2, "get"));

    assertEquals(5L, answer(1, 2));
    assertEquals(executed, cluster.replicas.get(leader).slotExecutedMax(), "no slot taken");
    assertFalse(cluster.sentOf(ReadCheck.class).isEmpty());
    assertFalse(cluster.sentOf(ReadConfirm.class).isEmpty());
  }

  @Test
  void aReadIsNotAnsweredUntilAMajorityOfAcceptorsConfirms() {
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, call(1, 1, "set", 5L));
    cluster.cut(leader, TestCluster.id("a1"));
    cluster.cut(leader, TestCluster.id("a2"));

    cluster.request(leader, call(1, 2, "get"));
    assertTrue(cluster.repliesTo(1, 2).isEmpty(), "one acceptor of three is no majority");

    cluster.heal(leader, TestCluster.id("a1"));
    cluster.tick(10); // the round is sent again after a resend interval
    assertEquals(5L, answer(1, 2));
  }

  @Test
  void aDeposedLeaderNeverAnswersFromItsOldState() {
    NodeId old = cluster.awaitLeader();
    cluster.request(old, call(1, 1, "set", 5L));
    cluster.isolate(old);
    NodeId fresh = cluster.awaitLeaderOtherThan(old);
    cluster.request(fresh, call(2, 1, "set", 9L));
    assertTrue(cluster.replicas.get(old).isLeader(), "the old leader has not noticed yet");

    cluster.submit(old, call(1, 2, "get")); // its client still talks to it
    for (NodeId node : cluster.replicas.keySet()) {
      cluster.heal(old, node);
      cluster.heal(node, old);
    }
    for (String acceptor : List.of("a1", "a2", "a3")) {
      cluster.heal(old, TestCluster.id(acceptor));
      cluster.heal(TestCluster.id(acceptor), old);
    }
    cluster.tick(20);

    for (ClientReply reply : cluster.repliesTo(1, 2)) {
      assertTrue(
          reply.outcome() == Outcome.NOT_LEADER || ValueCodec.decode(reply.payload()).equals(9L),
          "stale read: " + reply);
    }
    assertFalse(cluster.repliesTo(1, 2).isEmpty(), "the read is answered, one way or another");
  }

  @Test
  void writersBlockingReadsAndUnmarkedMethodsGoThroughTheLog() {
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, call(1, 1, "set", 5L));
    Replica replica = cluster.replicas.get(leader);
    long executed = replica.slotExecutedMax();

    cluster.request(leader, call(1, 2, "getWaiting"));
    cluster.request(leader, call(1, 3, "peek"));

    assertEquals(5L, answer(1, 2));
    assertEquals(5L, answer(1, 3));
    assertEquals(executed + 2, replica.slotExecutedMax(), "each took a slot");
  }

  @Test
  void aClientWithoutASessionReadsThroughTheLogFirst() {
    NodeId leader = cluster.awaitLeader();
    long executed = cluster.replicas.get(leader).slotExecutedMax();

    cluster.request(leader, call(3, 1, "get"));

    assertEquals(0L, answer(3, 1));
    assertEquals(
        executed + 1,
        cluster.replicas.get(leader).slotExecutedMax(),
        "the first call opens the session through the log");
  }

  @Test
  void aNamedObjectIsReadWithoutASlot() {
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, named(1, 1, "set", 11L));
    long executed = cluster.replicas.get(leader).slotExecutedMax();

    cluster.request(leader, named(1, 2, "get"));
    cluster.request(leader, call(1, 3, "get"));

    assertEquals(11L, answer(1, 2));
    assertEquals(0L, answer(1, 3), "the default object is another object");
    assertEquals(executed, cluster.replicas.get(leader).slotExecutedMax());
  }
}
