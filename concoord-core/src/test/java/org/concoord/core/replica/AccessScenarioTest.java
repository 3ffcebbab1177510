package org.concoord.core.replica;

import static org.concoord.core.replica.ReplicaScenarioTest.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The replicated access policy and session ownership, enforced in slot order on every replica. */
class AccessScenarioTest {
  static ClientCommand as(
      String principal, long clientId, long seq, String method, Object... args) {
    return new ClientCommand(
        clientId, seq, seq - 1, new Call(method, ValueCodec.encodeArgs(args)), principal);
  }

  static String text(ClientReply reply) {
    return String.valueOf(ValueCodec.decode(reply.payload()));
  }

  @Test
  void aReaderIsRefusedAWriteOnEveryReplicaUntilARuleLetsReadersCallIt() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, as("admin", 1, 1, Call.ACL_METHOD, "grant", "alice", "reader"));
    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(1, 1)));

    cluster.request(leader, as("alice", 2, 1, "inc"));

    ClientReply refused = cluster.repliesTo(2, 1).get(0);
    assertEquals(Outcome.REJECTED, refused.outcome());
    assertTrue(text(refused).contains("access denied"), text(refused));
    cluster.machines.values().forEach(m -> assertEquals(0, m.calls()));

    cluster.request(leader, as("admin", 1, 2, Call.ACL_METHOD, "rule", "*", "inc", "reader"));
    cluster.request(leader, as("alice", 2, 2, "inc"));

    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(2, 2)));
    cluster.machines.values().forEach(m -> assertEquals(1, m.calls()));
  }

  @Test
  void aRuleMatchesTheNamedObjectsItsPatternNames() {
    TestCluster cluster = new TestCluster(1, 1);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, as("admin", 1, 1, Call.ACL_METHOD, "grant", "alice", "reader"));
    cluster.request(leader, as("admin", 1, 2, Call.ACL_METHOD, "rule", "orders*", "inc", "reader"));

    cluster.request(
        leader,
        new ClientCommand(
            2, 1, 0, Call.on("orders/eu", "", "inc", ValueCodec.encodeArgs()), "alice"));
    cluster.request(
        leader,
        new ClientCommand(2, 2, 1, Call.on("users", "", "inc", ValueCodec.encodeArgs()), "alice"));
    cluster.request(leader, as("alice", 2, 3, "inc")); // the default object: name ""

    assertTrue(
        text(cluster.repliesTo(2, 1).get(0)).indexOf("access denied") < 0,
        text(cluster.repliesTo(2, 1).get(0)));
    assertTrue(text(cluster.repliesTo(2, 2).get(0)).contains("access denied"));
    assertTrue(text(cluster.repliesTo(2, 3).get(0)).contains("access denied"));
  }

  @Test
  void onlyAnAdminReinitializesOrChangesThePolicy() {
    TestCluster cluster = new TestCluster(1, 1);
    NodeId leader = cluster.awaitLeader();

    cluster.request(leader, as("bob", 3, 1, Call.ACL_METHOD, "grant", "bob", "admin"));
    cluster.request(leader, as("bob", 3, 2, "__concoordinit__"));
    cluster.request(leader, as("node:10.0.0.1:14000", 4, 1, "inc"));

    assertEquals(List.of(Outcome.REJECTED), outcomes(cluster.repliesTo(3, 1)));
    assertEquals(List.of(Outcome.REJECTED), outcomes(cluster.repliesTo(3, 2)));
    assertEquals(
        List.of(Outcome.REJECTED),
        outcomes(cluster.repliesTo(4, 1)),
        "a node principal is a nameserver: it may not write");
    assertEquals(0, cluster.machine("r1").calls());
    cluster.request(leader, as("admin", 5, 1, Call.ACL_METHOD, "show"));
    assertEquals(
        "default writer\n",
        text(cluster.repliesTo(5, 1).get(0)).lines().findFirst().orElseThrow() + "\n");
  }

  @Test
  void anotherPrincipalUsingAClientIdIsRefusedAtExecutionEvenInTheSameBatch() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    // Both reach the leader before either executes: the early check cannot tell them apart, the
    // execution in slot order does.
    cluster.submit(leader, as("carol", 7, 1, "inc"));
    cluster.submit(leader, as("mallory", 7, 2, "inc"));
    cluster.deliverAll();

    assertEquals(List.of(Outcome.OK), outcomes(cluster.repliesTo(7, 1)));
    assertEquals(Outcome.REJECTED, cluster.repliesTo(7, 2).get(0).outcome());
    assertTrue(text(cluster.repliesTo(7, 2).get(0)).contains("another principal"));
    assertTrue(cluster.marks.contains("access.wrong-principal"));
    cluster.machines.values().forEach(m -> assertEquals(1, m.calls()));

    // A retry of carol's call by mallory gets no cached reply; carol's own next call works.
    cluster.request(leader, as("mallory", 7, 1, "inc"));
    cluster.request(leader, as("carol", 7, 2, "inc"));
    assertEquals(Outcome.REJECTED, cluster.repliesTo(7, 1).get(1).outcome());
    assertEquals(List.of(Outcome.REJECTED, Outcome.OK), outcomes(cluster.repliesTo(7, 2)));
    cluster.machines.values().forEach(m -> assertEquals(2, m.calls()));
  }
}
