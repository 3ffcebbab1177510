package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.CorpusScripts.Step;
import org.concoord.core.value.ValueCodec;
import org.concoord.corpus.AnyBox;
import org.concoord.corpus.EnumHashMap;
import org.concoord.corpus.TransientCount;
import org.concoord.corpus.Votes;
import org.concoord.corpus.WeakCache;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The object corpus (org.concoord.corpus: user-style classes nobody on the project wrote the host
 * for) on an in-process cluster of 3 replicas and 3 acceptors: the first half of each class's calls
 * runs while one follower is cut off; it then catches up by snapshot (the leader keeps 1 slot
 * only); the leader is killed; the second half runs on the new leader. The two live replicas must
 * then hold the same state byte for byte, equal to that of a host that executed the same calls in
 * order, and every reply must equal that host's. The classes the checks refuse are refused by the
 * host at load as well, naming the construct (the codegen test checks that every other door refuses
 * them alike: {@code CorpusChecksTest}).
 */
class CorpusClusterTest {
  private static final ReplicaConfig CONFIG =
      new ReplicaConfig(2, 10, 5, 16, 100, 64, 1, 1_000, 100, 100, 0);

  static Stream<Arguments> accepted() {
    return CorpusScripts.all().entrySet().stream()
        .map(e -> Arguments.of(e.getKey().getSimpleName(), e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void replicasHoldTheSameStateAfterASnapshotCatchUpAndALeaderKill(
      String name, Class<?> type, List<Step> script) {
    TestCluster cluster =
        new TestCluster(3, 3, CONFIG, name.hashCode(), () -> new ObjectHost(type));
    ObjectHost reference = new ObjectHost(type);
    NodeId leader = cluster.awaitLeader();
    NodeId lagging =
        cluster.replicas.keySet().stream().filter(r -> !r.equals(leader)).findFirst().orElseThrow();
    cluster.isolate(lagging);
    int half = script.size() / 2;
    List<ClientReply> replies = new ArrayList<>();
    for (int i = 0; i < half; i++) {
      replies.add(run(cluster, leader, reference, script.get(i), i + 1));
    }
    cluster.tick(20); // empty slots pass the retention window, so a snapshot is needed
    heal(cluster, lagging);
    cluster.tick(30);
    assertTrue(cluster.marks.contains("replica.snapshot-sent"), "no snapshot catch-up");
    assertArrayEquals(
        cluster.hosts.get(leader).snapshot(),
        cluster.hosts.get(lagging).snapshot(),
        name + ": the replica restored from a snapshot differs");

    cluster.isolate(leader); // the leader dies
    NodeId next = cluster.awaitLeaderOtherThan(leader);
    assertNotEquals(leader, next);
    for (int i = half; i < script.size(); i++) {
      replies.add(run(cluster, next, reference, script.get(i), i + 1));
    }
    cluster.tick(10);
    for (NodeId live : cluster.replicas.keySet()) {
      if (!live.equals(leader)) {
        assertArrayEquals(
            reference.snapshot(),
            cluster.hosts.get(live).snapshot(),
            name + ": " + live + " differs from a host that executed the same calls");
      }
    }
    assertEquals(script.size(), replies.size());
  }

  /** Runs one call through the cluster and through the reference; their replies must agree. */
  private static ClientReply run(
      TestCluster cluster, NodeId leader, ObjectHost reference, Step step, int seq) {
    long client = 7;
    byte[] args = ValueCodec.encodeArgs(step.args());
    Call call = new Call(step.method(), args);
    cluster.request(leader, new ClientCommand(client, seq, seq, call));
    cluster.tick(3);
    var expected = reference.execute(new CallContext(client, seq, 0), call);
    List<ClientReply> got =
        cluster.repliesTo(client, seq).stream()
            .filter(r -> r.outcome() != Outcome.BLOCKED)
            .toList(); // BLOCKED: parked, says the leader
    if (expected.response() == null) {
      assertTrue(got.isEmpty(), step + " parked on the reference but was answered: " + got);
      return null;
    }
    assertTrue(!got.isEmpty(), step + ": no reply; " + cluster.describe());
    ClientReply reply = got.get(got.size() - 1);
    assertEquals(expected.response().outcome(), reply.outcome(), step.toString());
    assertArrayEquals(expected.response().payload(), reply.payload(), step.toString());
    return reply;
  }

  private static void heal(TestCluster cluster, NodeId node) {
    List<NodeId> all = new ArrayList<>(cluster.replicas.keySet());
    all.addAll(cluster.acceptors.keySet());
    for (NodeId other : all) {
      cluster.heal(node, other);
      cluster.heal(other, node);
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(Votes.class, "Votes.seen[element]: HashSet keyed by Color"),
        Arguments.of(EnumHashMap.class, "EnumHashMap.counts[key]: HashMap keyed by Kind"),
        Arguments.of(WeakCache.class, "container java.util.WeakHashMap"),
        Arguments.of(TransientCount.class, "TransientCount.count: transient"),
        Arguments.of(AnyBox.class, "AnyBox.content: declared as Object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void theHostRefusesAnObjectWhoseStateASnapshotCannotCarry(Class<?> type, String construct) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ObjectHost(type));
    assertTrue(e.getMessage().contains(construct), e.getMessage());
    assertTrue(id("r1") != null);
  }
}
