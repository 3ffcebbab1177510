package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.ReadOnly;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** Watches (issue 21) on the replicas of a test cluster: values, resumes, bounds, the policy. */
class WatchScenarioTest {
  /** A register with a read-only getter and a method that only looks read-only. */
  public static class Register {
    private long value;

    public void set(long v) {
      value = v;
    }

    @ReadOnly
    public long get() {
      return value;
    }

    @ReadOnly
    public long plus(long delta) {
      return value + delta;
    }

    public long bump() {
      return ++value;
    }
  }

  private long seq;

  private static TestCluster cluster() {
    return new TestCluster(3, 3, TestCluster.CONFIG, 7L, () -> new ObjectHost(Register.class));
  }

  private void set(TestCluster cluster, NodeId leader, long v) {
    seq++;
    cluster.request(
        leader, new ClientCommand(1, seq, seq - 1, new Call("set", ValueCodec.encodeArgs(v))));
  }

  private static WatchRequest watch(
      long clientId,
      long watchId,
      String principal,
      WatchRequest.Mode mode,
      long fromSlot,
      String method,
      Object... args) {
    return new WatchRequest(
        new ClientCommand(
            clientId, watchId, 0, new Call(method, ValueCodec.encodeArgs(args)), principal),
        mode,
        fromSlot);
  }

  private static List<WatchEvent> events(TestCluster cluster, long clientId, long watchId) {
    return cluster.pushes.stream()
        .map(TestCluster.Pushed::event)
        .filter(e -> e.clientId() == clientId && e.watchId() == watchId)
        .toList();
  }

  private static Object value(WatchEvent event) {
    return ValueCodec.decode(event.payload());
  }

  @Test
  void aWatchGetsTheCurrentValueThenEachChangeOnceWithItsSlotInOrder() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    set(cluster, leader, 5);
    NodeId follower =
        TestCluster.id("r2").equals(leader) ? TestCluster.id("r1") : TestCluster.id("r2");
    cluster.watch(follower, watch(9, 1, "", WatchRequest.Mode.VALUE, 0, "get"));
    set(cluster, leader, 6);
    set(cluster, leader, 6); // same value: no push
    set(cluster, leader, 7);
    cluster.tick(50);

    List<WatchEvent> seen = events(cluster, 9, 1);
    assertEquals(
        List.of(5L, 6L, 7L), seen.stream().map(WatchScenarioTest::value).toList(), seen.toString());
    assertEquals(WatchEvent.Kind.VALUE, seen.get(0).kind());
    assertTrue(
        seen.get(0).slot() < seen.get(1).slot() && seen.get(1).slot() < seen.get(2).slot(),
        seen.toString());
    assertTrue(cluster.pushes.stream().allMatch(p -> p.replica().equals(follower)));
  }

  @Test
  void oneEvaluationServesManyWatchersAndArgumentsAreTheirOwn() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    for (long w = 1; w <= 50; w++) {
      cluster.watch(leader, watch(9, w, "", WatchRequest.Mode.VALUE, 0, "plus", w % 2));
    }
    set(cluster, leader, 10);
    assertEquals(
        List.of(0L, 10L), events(cluster, 9, 2).stream().map(WatchScenarioTest::value).toList());
    assertEquals(
        List.of(1L, 11L), events(cluster, 9, 1).stream().map(WatchScenarioTest::value).toList());
  }

  @Test
  void aResumeFromTheLastSlotSeenSendsNothingAlreadySeenAndThenTheChanges() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    set(cluster, leader, 1);
    cluster.watch(leader, watch(9, 1, "", WatchRequest.Mode.VALUE, 0, "get"));
    long seenSlot = events(cluster, 9, 1).get(0).slot();
    NodeId other =
        cluster.replicas.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    cluster.watch(other, watch(9, 1, "", WatchRequest.Mode.VALUE, seenSlot, "get"));
    assertEquals(1, events(cluster, 9, 1).size(), "nothing new: nothing pushed on resume");
    set(cluster, leader, 2);
    cluster.tick(50);
    List<WatchEvent> seen = events(cluster, 9, 1);
    assertEquals(2L, value(seen.get(seen.size() - 1)));
    assertTrue(seen.get(seen.size() - 1).slot() > seenSlot);
  }

  @Test
  void aMethodThatWritesCannotBeWatchedAndAnUnknownOneNeither() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    cluster.watch(leader, watch(9, 1, "", WatchRequest.Mode.VALUE, 0, "bump"));
    cluster.watch(leader, watch(9, 2, "", WatchRequest.Mode.VALUE, 0, "nothing"));
    for (long w : new long[] {1, 2}) {
      List<WatchEvent> seen = events(cluster, 9, w);
      assertEquals(1, seen.size());
      assertEquals(WatchEvent.Kind.ENDED, seen.get(0).kind());
      assertTrue(value(seen.get(0)).toString().contains("read-only"), seen.toString());
      assertEquals(Reason.NOT_READ_ONLY, Refusal.decode(seen.get(0).payload()).reason());
    }
  }

  @Test
  void aReaderMayWatchButOnlyAnAdminGetsTheWriteStream() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    cluster.request(
        leader,
        new ClientCommand(
            77,
            1,
            0,
            new Call(Call.ACL_METHOD, ValueCodec.encodeArgs("grant", "alice", "reader")),
            "admin"));
    cluster.watch(leader, watch(9, 1, "alice", WatchRequest.Mode.VALUE, 0, "get"));
    cluster.watch(leader, watch(9, 2, "alice", WatchRequest.Mode.WRITES, 0, "*"));
    cluster.watch(leader, watch(8, 3, "admin", WatchRequest.Mode.WRITES, 0, "*"));
    set(cluster, leader, 4);

    assertEquals(WatchEvent.Kind.VALUE, events(cluster, 9, 1).get(0).kind());
    WatchEvent refused = events(cluster, 9, 2).get(0);
    assertEquals(WatchEvent.Kind.ENDED, refused.kind());
    assertTrue(value(refused).toString().contains("admin"), value(refused).toString());
    assertEquals(Reason.ACCESS_DENIED, Refusal.decode(refused.payload()).reason());
    List<WatchEvent> writes = events(cluster, 8, 3);
    assertEquals(WatchEvent.Kind.WRITE, writes.get(writes.size() - 1).kind());
    List<?> record = (List<?>) value(writes.get(writes.size() - 1));
    assertEquals("set", record.get(0));
    assertEquals(List.of(4L), ValueCodec.decode((byte[]) record.get(1)));
  }

  @Test
  void aWriteStreamReplaysFromTheSlotAskedAndSaysWhenHistoryIsGone() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    set(cluster, leader, 1);
    set(cluster, leader, 2);
    cluster.watch(leader, watch(8, 1, "", WatchRequest.Mode.WRITES, 0, "*"));
    List<WatchEvent> replayed = events(cluster, 8, 1);
    assertEquals(2, replayed.size(), replayed.toString());
    assertTrue(replayed.stream().allMatch(e -> e.kind() == WatchEvent.Kind.WRITE));

    WriteHistory history = new WriteHistory(300);
    for (long slot = 1; slot <= 10; slot++) {
      history.add(slot, "", new WriteRecord("", new byte[68], 0, new byte[0], "", 0)); // 100 bytes
    }
    org.concoord.core.effects.Effects effects = new org.concoord.core.effects.Effects();
    history.replay("", 0, 10, new Watches.Key(1, 1), effects);
    WatchEvent first = ((org.concoord.core.effects.Effects.Push) effects.list().get(0)).event();
    assertEquals(WatchEvent.Kind.GAP, first.kind());
    assertTrue(history.bytes() <= 300);
    assertEquals(history.fromSlot() - 1, first.slot());
  }

  @Test
  void watchesAreBoundedPerClientAndACancelledOneFreesItsPlace() {
    TestCluster cluster = cluster();
    NodeId leader = cluster.awaitLeader();
    for (long w = 1; w <= Watches.WATCHES_PER_CLIENT_MAX + 1; w++) {
      org.concoord.core.effects.Effects effects = new org.concoord.core.effects.Effects();
      cluster
          .replicas
          .get(leader)
          .onWatchRequest(watch(9, w, "", WatchRequest.Mode.VALUE, 0, "get"), effects);
      WatchEvent event = ((org.concoord.core.effects.Effects.Push) effects.list().get(0)).event();
      assertEquals(
          w <= Watches.WATCHES_PER_CLIENT_MAX ? WatchEvent.Kind.VALUE : WatchEvent.Kind.ENDED,
          event.kind(),
          "watch " + w);
    }
    assertEquals(Watches.WATCHES_PER_CLIENT_MAX, cluster.replicas.get(leader).watchCount());
    cluster.watch(leader, watch(9, 1, "", WatchRequest.Mode.CANCEL, 0, "get"));
    cluster.replicas.get(leader).watchClosed(9, 2);
    assertEquals(Watches.WATCHES_PER_CLIENT_MAX - 2, cluster.replicas.get(leader).watchCount());
  }

  @Test
  void aResumeFromASlotNoLongerRetainedGetsTheCurrentValueMarkedAsSuch() {
    SlotExecutor executor =
        new SlotExecutor(
            TestCluster.id("r0"),
            new ObjectHost(Register.class),
            new ReplyCache(1_000, 100, 100),
            new org.concoord.core.view.ViewHistory(
                org.concoord.core.view.View.initial(
                    List.of(TestCluster.id("r0")), List.of(TestCluster.id("a0")))),
            org.concoord.core.Observer.NONE);
    WriteHistory history = new WriteHistory(1_000);
    for (long slot = 1; slot <= 50; slot++) {
      history.add(
          slot,
          "",
          new WriteRecord(
              "", new byte[68], 0, new byte[0], "", 0)); // 100 bytes: only the last few fit
    }
    Watches watches = new Watches(executor.objects(), executor, history, java.util.Set.of());
    org.concoord.core.effects.Effects effects = new org.concoord.core.effects.Effects();

    watches.onRequest(watch(9, 1, "", WatchRequest.Mode.VALUE, 3, "get"), 50, effects);
    watches.onRequest(watch(9, 2, "", WatchRequest.Mode.VALUE, 48, "get"), 50, effects);

    List<WatchEvent> events =
        effects.list().stream()
            .map(e -> ((org.concoord.core.effects.Effects.Push) e).event())
            .toList();
    assertEquals(WatchEvent.Kind.CURRENT, events.get(0).kind(), "slot 3 is long forgotten");
    assertEquals(WatchEvent.Kind.VALUE, events.get(1).kind(), "slot 48 is retained");
    assertEquals(50, events.get(0).slot());
  }
}
