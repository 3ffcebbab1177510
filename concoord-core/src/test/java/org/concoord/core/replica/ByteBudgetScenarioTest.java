package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Propose;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * Sizes and byte budgets through the in-test cluster (issue 13, review F3): what the review's cases
 * made throw out of a node's loop is refused, split or capped, and the cluster serves on.
 */
class ByteBudgetScenarioTest {
  private static final int MIB = 1 << 20;

  static ClientCommand sized(long clientId, long seq, long ackedBelow, String method, int bytes) {
    return new ClientCommand(clientId, seq, ackedBelow, new Call(method, new byte[bytes]));
  }

  /** The test cluster's timing with other byte budgets. */
  static ReplicaConfig withBudgets(ReplicaBudgets budgets) {
    return TestCluster.config(1_000, 100).withBudgets(budgets);
  }

  static String reason(ClientReply reply) {
    return Refusal.decode(reply.payload()).message();
  }

  /** Every message sent so far encodes: none is over the frame bound. */
  static void everySentMessageEncodes(TestCluster cluster) {
    for (TestCluster.Envelope envelope : cluster.sent) {
      Message message = envelope.message();
      if (message instanceof Propose
          || message instanceof Decision
          || message instanceof CatchUpReply
          || message instanceof ClientReply) {
        MessageCodec.encode(message); // throws FrameTooLongException if over
      }
    }
    cluster.replies.forEach(delivered -> MessageCodec.encode(delivered.reply()));
  }

  @Test
  void aRequestOfExactlyTheFrameBoundIsRejectedNamingTheBoundAndTheLeaderServesOn() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    // A ClientRequest frame holds version, tag and the command: fill it to exactly the bound.
    int args = WireFormat.FRAME_LENGTH_MAX - WireSizes.clientRequest(sized(1, 1, 0, "m", 0));
    ClientCommand huge = sized(9, 1, 0, "m", args);
    assertEquals(
        WireFormat.LENGTH_PREFIX_BYTES + WireFormat.FRAME_LENGTH_MAX,
        MessageCodec.encode(new ClientRequest(huge)).length,
        "a frame the decoder accepts");

    cluster.request(leader, huge);

    List<ClientReply> replies = cluster.repliesTo(9, 1);
    assertEquals(List.of(Outcome.REJECTED), ReplicaScenarioTest.outcomes(replies));
    assertTrue(
        reason(replies.get(0)).contains(Integer.toString(WireSizes.COMMAND_BYTES_MAX)),
        reason(replies.get(0)));
    assertTrue(
        cluster.sentOf(Propose.class).stream()
            .allMatch(e -> ((Propose) e.message()).pvalue().batch().commands().isEmpty()),
        "nothing of it was proposed");
    cluster.request(leader, TestCluster.command(9, 2, 0, "inc"));
    assertEquals(List.of(Outcome.OK), ReplicaScenarioTest.outcomes(cluster.repliesTo(9, 2)));
  }

  @Test
  void twoNineMebibyteRequestsGoInTwoSlotsAndEveryMessageFitsAFrame() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.submit(leader, sized(1, 1, 0, "put", 9 * MIB));
    cluster.submit(leader, sized(2, 1, 0, "put", 9 * MIB));
    cluster.deliverAll();

    assertEquals(List.of(Outcome.OK), ReplicaScenarioTest.outcomes(cluster.repliesTo(1, 1)));
    assertEquals(List.of(Outcome.OK), ReplicaScenarioTest.outcomes(cluster.repliesTo(2, 1)));
    assertTrue(
        cluster.sentOf(Propose.class).stream()
            .allMatch(e -> ((Propose) e.message()).pvalue().batch().commands().size() <= 1),
        "one large command per slot");
    everySentMessageEncodes(cluster);
  }

  @Test
  void aBatchIsClosedAtItsByteBoundThoughTheCountWouldAllowMore() {
    ReplicaBudgets budgets =
        new ReplicaBudgets(
            2_000,
            64 * MIB,
            64 * MIB,
            64 * MIB,
            64 * MIB + WireFormat.FRAME_LENGTH_MAX,
            4 * MIB,
            64 * MIB);
    TestCluster cluster = new TestCluster(3, 3, withBudgets(budgets), 1L);
    NodeId leader = cluster.awaitLeader();
    // More than the window's ten slots at once, so that commands queue and are batched.
    for (long client = 1; client <= 30; client++) {
      cluster.submit(leader, sized(client, 1, 0, "put", 900)); // ~940 bytes each: two a batch
    }
    cluster.deliverAll();

    for (long client = 1; client <= 30; client++) {
      assertEquals(List.of(Outcome.OK), ReplicaScenarioTest.outcomes(cluster.repliesTo(client, 1)));
    }
    for (TestCluster.Envelope sent : cluster.sentOf(Propose.class)) {
      assertTrue(WireSizes.batch(((Propose) sent.message()).pvalue().batch()) <= 2_000);
    }
    assertTrue(cluster.marks.contains("leader.batch-bytes-bound"));
  }

  @Test
  void aReplyOverTheBoundBecomesAnExceptionNamingSizeAndBoundAndTheCallsEffectStands() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    int size = WireSizes.REPLY_PAYLOAD_BYTES_MAX + 1;
    cluster.request(
        leader,
        new ClientCommand(
            4,
            1,
            0,
            new Call(
                "sized",
                Integer.toString(size).getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    List<ClientReply> replies = cluster.repliesTo(4, 1);
    assertEquals(List.of(Outcome.EXCEPTION), ReplicaScenarioTest.outcomes(replies));
    List<?> error = (List<?>) ValueCodec.decode(replies.get(0).payload());
    assertEquals(ReplyLimit.TOO_LARGE, error.get(0));
    String message = (String) error.get(1);
    assertTrue(
        message.contains(Integer.toString(size))
            && message.contains(Integer.toString(WireSizes.REPLY_PAYLOAD_BYTES_MAX)),
        message);
    cluster
        .machines
        .values()
        .forEach(
            machine ->
                assertEquals(1, machine.calls(), "executed on every replica: the effect stands"));
    everySentMessageEncodes(cluster);
  }

  @Test
  void theLeaderRefusesOverloadedOnceItsQueuedAndProposedBytesReachTheBudget() {
    ReplicaBudgets budgets =
        new ReplicaBudgets(
            MIB,
            10_000,
            64 * MIB,
            64 * MIB,
            10_000 + WireFormat.FRAME_LENGTH_MAX,
            4 * MIB,
            64 * MIB);
    TestCluster cluster = new TestCluster(3, 3, withBudgets(budgets), 1L);
    NodeId leader = cluster.awaitLeader();
    cluster.submit(leader, sized(1, 1, 0, "put", 4_000));
    cluster.submit(leader, sized(2, 1, 0, "put", 4_000));
    cluster.submit(leader, sized(3, 1, 0, "put", 4_000)); // over 10,000 held: refused

    List<ClientReply> refused = cluster.repliesTo(3, 1);
    assertEquals(List.of(Outcome.REJECTED), ReplicaScenarioTest.outcomes(refused));
    assertTrue(reason(refused.get(0)).startsWith("overloaded"), reason(refused.get(0)));
    cluster.deliverAll(); // decided: the budget is free again
    cluster.request(leader, sized(3, 2, 0, "put", 4_000));
    assertEquals(List.of(Outcome.OK), ReplicaScenarioTest.outcomes(cluster.repliesTo(3, 2)));
  }

  @Test
  void aClientsUnacknowledgedReplyBytesAreBoundedUntilItAcknowledges() {
    ReplicaBudgets budgets =
        new ReplicaBudgets(
            MIB,
            64 * MIB,
            10_000,
            64 * MIB,
            64 * MIB + WireFormat.FRAME_LENGTH_MAX,
            4 * MIB,
            64 * MIB);
    TestCluster cluster = new TestCluster(3, 3, withBudgets(budgets), 1L);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, sized(5, 1, 0, "echo", 6_000));
    cluster.request(leader, sized(5, 2, 0, "echo", 6_000));
    cluster.request(leader, sized(5, 3, 0, "echo", 6_000)); // 12,000 cached: refused

    List<ClientReply> third = cluster.repliesTo(5, 3);
    assertEquals(List.of(Outcome.REJECTED), ReplicaScenarioTest.outcomes(third));
    assertTrue(reason(third.get(0)).startsWith("overloaded"), reason(third.get(0)));
    cluster.request(leader, sized(5, 4, 3, "echo", 6_000)); // acknowledges 1 and 2
    assertEquals(List.of(Outcome.OK), ReplicaScenarioTest.outcomes(cluster.repliesTo(5, 4)));
  }

  @Test
  void allClientsCachedReplyBytesAreBoundedToo() {
    ReplicaBudgets budgets =
        new ReplicaBudgets(
            MIB,
            64 * MIB,
            64 * MIB,
            10_000,
            64 * MIB + WireFormat.FRAME_LENGTH_MAX,
            4 * MIB,
            64 * MIB);
    TestCluster cluster = new TestCluster(3, 3, withBudgets(budgets), 1L);
    NodeId leader = cluster.awaitLeader();
    for (long client = 1; client <= 2; client++) {
      cluster.request(leader, sized(client, 1, 0, "echo", 6_000));
    }
    cluster.request(leader, sized(3, 1, 0, "echo", 10));

    assertEquals(List.of(Outcome.REJECTED), ReplicaScenarioTest.outcomes(cluster.repliesTo(3, 1)));
    assertEquals(2, cluster.machines.get(id("r1")).calls(), "the third call did not run");
  }

  @Test
  void aLaggingReplicaCatchesUpInRepliesCutByBytes() {
    ReplicaBudgets budgets =
        new ReplicaBudgets(
            MIB,
            64 * MIB,
            64 * MIB,
            64 * MIB,
            64 * MIB + WireFormat.FRAME_LENGTH_MAX,
            2_500,
            64 * MIB);
    TestCluster cluster = new TestCluster(3, 3, withBudgets(budgets), 1L);
    NodeId leader = cluster.awaitLeader();
    NodeId lagging = leader.equals(id("r3")) ? id("r2") : id("r3");
    cluster.isolate(lagging);
    for (long seq = 1; seq <= 6; seq++) {
      cluster.request(leader, sized(6, seq, seq - 1, "put", 1_000));
    }
    cluster.heal(lagging, leader);
    cluster.heal(leader, lagging);
    cluster.tick(50);

    assertEquals(
        cluster.replicas.get(leader).slotExecutedMax(),
        cluster.replicas.get(lagging).slotExecutedMax());
    List<TestCluster.Envelope> catchUps = cluster.sentOf(CatchUpReply.class);
    assertTrue(catchUps.size() >= 2, "cut into several replies: " + catchUps.size());
    for (TestCluster.Envelope sent : catchUps) {
      CatchUpReply reply = (CatchUpReply) sent.message();
      long bytes = reply.batches().stream().mapToLong(WireSizes::batch).sum();
      assertTrue(reply.batches().size() == 1 || bytes <= 2_500, bytes + " bytes");
    }
  }

  @Test
  void aNewLeaderRecoversLargeAcceptedValuesFromAPromiseInParts() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    for (String acceptor : List.of("a1", "a2", "a3")) {
      cluster.cut(id(acceptor), leader); // accepted everywhere, decided nowhere
    }
    cluster.submit(leader, sized(1, 1, 0, "put", 9 * MIB));
    cluster.submit(leader, sized(2, 1, 0, "put", 9 * MIB));
    cluster.deliverAll();
    cluster.isolate(leader);

    NodeId next = cluster.awaitLeaderOtherThan(leader);
    cluster.deliverAll();

    assertTrue(cluster.marks.contains("acceptor.promise-split"), "18 MiB came in parts");
    List<String> executed = cluster.machines.get(next).executed;
    assertTrue(
        executed.contains("put 1#1") && executed.contains("put 2#1"),
        "both recovered and decided: " + executed);
    everySentMessageEncodes(cluster);
  }
}
