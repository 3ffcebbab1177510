package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.concoord.corpus.Adder;
import org.concoord.corpus.Agenda;
import org.concoord.corpus.AnyBox;
import org.concoord.corpus.Bank;
import org.concoord.corpus.BigCounter;
import org.concoord.corpus.BoundedBuffer;
import org.concoord.corpus.EnumHashMap;
import org.concoord.corpus.EventLog;
import org.concoord.corpus.Greeter;
import org.concoord.corpus.Grid;
import org.concoord.corpus.Inventory;
import org.concoord.corpus.MaybeBox;
import org.concoord.corpus.Points;
import org.concoord.corpus.PriceBook;
import org.concoord.corpus.Ranking;
import org.concoord.corpus.Registry;
import org.concoord.corpus.Roster;
import org.concoord.corpus.Scores;
import org.concoord.corpus.Sensor;
import org.concoord.corpus.StringStore;
import org.concoord.corpus.Summer;
import org.concoord.corpus.Tally;
import org.concoord.corpus.TeamLock;
import org.concoord.corpus.Thesaurus;
import org.concoord.corpus.TransientCount;
import org.concoord.corpus.Votes;
import org.concoord.corpus.Wallet;
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

  /** One call of the script: a method and its arguments. */
  record Step(String method, Object... args) {
    @Override
    public String toString() {
      return method + Arrays.toString(args);
    }
  }

  static Step step(String method, Object... args) {
    return new Step(method, args);
  }

  static Stream<Arguments> accepted() {
    Map<Class<?>, List<Step>> scripts = new LinkedHashMap<>();
    scripts.put(
        Wallet.class,
        List.of(
            step("deposit", "0.10"),
            step("deposit", "1.1000"),
            step("last"),
            step("deposit", "2.50"),
            step("balance"),
            step("last")));
    scripts.put(
        PriceBook.class,
        List.of(
            step("set", "tea", new BigDecimal("0.10")),
            step("set", "cake", new BigDecimal("1.1000")),
            step("price", "tea"),
            step("set", "jam", new BigDecimal("-0.0")),
            step("all"),
            step("price", "cake")));
    Instant t0 = Instant.parse("2026-12-06T21:30:00.123456789Z");
    scripts.put(
        EventLog.class,
        List.of(
            step("record", t0, Duration.ofMillis(5)),
            step("record", t0.plusSeconds(1), Duration.ofNanos(7)),
            step("last"),
            step("record", t0.minusSeconds(9), Duration.ofDays(1)),
            step("total"),
            step("events")));
    LocalDate day = LocalDate.of(2026, 12, 6);
    scripts.put(
        Agenda.class,
        List.of(
            step("book", day, "dentist"),
            step("book", day.minusDays(3), "review"),
            step("book", day, "again"),
            step("first"),
            step("on", day),
            step("on", day.plusDays(1))));
    UUID a = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    UUID b = UUID.fromString("00000000-0000-0000-0000-000000000001");
    scripts.put(
        Registry.class,
        List.of(
            step("register", a, "ann"),
            step("register", b, "bob"),
            step("name", a),
            step("register", a, "anna"),
            step("names"),
            step("name", b)));
    scripts.put(
        BigCounter.class,
        List.of(
            step("multiply", BigInteger.TEN.pow(20)),
            step("multiply", new BigInteger("-12345678901234567890")),
            step("value"),
            step("multiply", BigInteger.TWO),
            step("value"),
            step("value")));
    scripts.put(
        Tally.class,
        List.of(
            step("vote", "BLUE"),
            step("vote", "RED"),
            step("vote", "BLUE"),
            step("counts"),
            step("vote", "GREEN"),
            step("counts")));
    scripts.put(
        Scores.class,
        List.of(
            step("set", 300, "c"),
            step("set", 17, "q"),
            step("set", -4, "m"),
            step("byId"),
            step("set", 1 << 20, "z"),
            step("byId")));
    scripts.put(
        Roster.class,
        List.of(
            step("join", new Roster.Member("ann", 41)),
            step("join", List.of("bob", 52)),
            step("oldest"),
            step("join", Map.of("name", "cy", "age", 7)),
            step("members"),
            step("oldest")));
    scripts.put(
        Adder.class,
        List.of(
            step("add"),
            step("add", 5),
            step("add", 2, 3),
            step("add"),
            step("add", -1),
            step("add", 1, 1)));
    scripts.put(
        Summer.class,
        List.of(
            step("sum", List.of(1, 2, 3)),
            step("sum", List.of()),
            step("total"),
            step("sum", List.of(-10)),
            step("sum", List.of(4, 4)),
            step("total")));
    scripts.put(
        Bank.class,
        List.of(
            step("open", "ann"),
            step("open", "ann"),
            step("attempts"),
            step("open", "bob"),
            step("open", "bob"),
            step("attempts")));
    scripts.put(
        Inventory.class,
        List.of(
            step("add", "x", 5),
            step("add", "y", 1),
            step("add", "x", 7),
            step("lots", "x"),
            step("add", "x", 2),
            step("lots", "x")));
    scripts.put(
        MaybeBox.class,
        List.of(
            step("put", "k", "v"),
            step("find", "k"),
            step("find", "nothing"),
            step("put", "k", "w"),
            step("find", "k"),
            step("find", "z")));
    scripts.put(
        BoundedBuffer.class,
        List.of(
            step("put", "a"),
            step("take"),
            step("take"),
            step("size"),
            step("put", "b"),
            step("put", "c")));
    scripts.put(
        StringStore.class,
        List.of(
            step("add", "x"),
            step("add", "y"),
            step("get", 1),
            step("add", "z"),
            step("joined"),
            step("get", 0)));
    scripts.put(
        Grid.class,
        List.of(
            step("set", 0, 0, 5),
            step("set", 0, 2, 7),
            step("row", 0),
            step("set", 2, 1, -1),
            step("set", 0, 0, 1),
            step("row", 0)));
    scripts.put(
        Thesaurus.class,
        List.of(
            step("add", "big", "large"),
            step("add", "big", "huge"),
            step("synonyms", "big"),
            step("add", "small", "tiny"),
            step("add", "big", "ample"),
            step("synonyms", "big")));
    scripts.put(
        Ranking.class,
        List.of(
            step("push", 5),
            step("push", 1),
            step("push", 9),
            step("push", 3),
            step("poll"),
            step("push", 0),
            step("poll"),
            step("poll")));
    scripts.put(
        Sensor.class,
        List.of(
            step("read", List.of(0.1, 0.5f, "C")),
            step("read", List.of(Double.NaN, 1.0f, "F")),
            step("flags"),
            step("read", List.of(-0.0, 3.25f, "C")),
            step("readings"),
            step("flags")));
    scripts.put(
        Greeter.class,
        List.of(
            step("hello", "ann"),
            step("hello", "bob"),
            step("greeted"),
            step("hello", "cy"),
            step("greeted"),
            step("hello", "dee")));
    scripts.put(
        TeamLock.class,
        List.of(
            step("acquire"),
            step("holder"),
            step("release"),
            step("holder"),
            step("acquire"),
            step("token")));
    scripts.put(
        Points.class,
        List.of(
            step("add", Map.of("x", 1, "y", 2)),
            step("add", Map.of("x", -5)),
            step("points"),
            step("add", Map.of("y", 9)),
            step("points"),
            step("add", Map.of())));
    return scripts.entrySet().stream()
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
