package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** Issue 20's read modes (docs/protocol.md, "Read modes", "Lease reads"), through the cluster. */
class ReadModesScenarioTest {
  private final TestCluster cluster = cluster(Set.of());

  private static TestCluster cluster(Set<Mutation> mutations) {
    // No tick lag in the test cluster (as in the simulator): a lease of 6 ticks, a fence of 9.
    return new TestCluster(
        3,
        3,
        TestCluster.config(100_000, 100).withLeaseLagTicks(0).withReadLease(true),
        7,
        () -> new ObjectHost(ReadRegister.class),
        mutations);
  }

  private static ClientCommand call(long client, long seq, String method, Object... args) {
    return new ClientCommand(client, seq, seq, new Call(method, ValueCodec.encodeArgs(args)));
  }

  private static ClientRequest read(long client, long seq, ReadMode mode, long slotSeen) {
    return new ClientRequest(call(client, seq, "get"), mode, slotSeen);
  }

  private static ClientReply only(TestCluster cluster, long client, long seq) {
    List<ClientReply> replies = cluster.repliesTo(client, seq);
    assertEquals(1, replies.size(), "one reply to " + client + "#" + seq + ": " + replies);
    return replies.get(0);
  }

  private static Object value(ClientReply reply) {
    assertEquals(Outcome.OK, reply.outcome(), reply.toString());
    return ValueCodec.decode(reply.payload());
  }

  private NodeId follower(NodeId leader) {
    return cluster.replicas.keySet().stream()
        .filter(id -> !id.equals(leader))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void repliesCarryTheSlotTheyReflect() {
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, call(1, 1, "set", 5L));
    long executed = cluster.replicas.get(leader).slotExecutedMax();

    ClientReply write = only(cluster, 1, 1);
    cluster.submit(leader, read(1, 2, ReadMode.LINEARIZABLE, 0));
    cluster.deliverAll();

    assertEquals(executed, write.slot(), "the write's own slot");
    assertEquals(executed, only(cluster, 1, 2).slot(), "the read's: the leader's executed slot");
  }

  @Test
  void aLeaseReadNeedsNoRoundWhileTheLeaseHoldsAndOneAfter() {
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, call(1, 1, "set", 5L)); // its Accepteds renew the lease
    int rounds = cluster.sentOf(ReadCheck.class).size();

    cluster.submit(leader, read(1, 2, ReadMode.LEASE, 0));
    cluster.deliverAll();
    assertEquals(5L, value(only(cluster, 1, 2)));
    assertEquals(rounds, cluster.sentOf(ReadCheck.class).size(), "no round under the lease");

    cluster.tick(8); // past the lease (6 ticks here), no writes
    cluster.submit(leader, read(1, 3, ReadMode.LEASE, 0));
    cluster.deliverAll();
    assertEquals(5L, value(only(cluster, 1, 3)));
    assertTrue(cluster.sentOf(ReadCheck.class).size() > rounds, "the lease ran out: a round");
  }

  @Test
  void aNewLeaderProposesNothingUntilItsFenceLifts() {
    NodeId old = cluster.awaitLeader();
    cluster.request(old, call(1, 1, "set", 5L));
    cluster.isolate(old);
    NodeId fresh = null;
    for (int tick = 0; tick < 500 && fresh == null; tick++) {
      cluster.tick(1);
      for (var entry : cluster.replicas.entrySet()) {
        if (!entry.getKey().equals(old) && entry.getValue().isLeader()) {
          fresh = entry.getKey();
        }
      }
    }
    assertTrue(fresh != null && cluster.replicas.get(fresh).isFenced(), "elected, fenced");
    NodeId leader = fresh;
    long proposals = proposalsFrom(leader);
    cluster.submit(leader, call(2, 1, "set", 9L));
    cluster.deliverAll();
    assertEquals(proposals, proposalsFrom(leader), "nothing proposed while fenced");
    assertTrue(cluster.repliesTo(2, 1).isEmpty());

    int waited = 0;
    while (cluster.replicas.get(leader).isFenced()) {
      cluster.tick(1);
      waited++;
    }
    cluster.tick(1);
    assertTrue(waited > 6, "the fence outlasts the lease of 6 ticks: " + waited);
    assertEquals(9L, value(only(cluster, 2, 1)));
  }

  @Test
  void aDeposedLeaderAnswersNoLeaseReadThatMissesACompletedWrite() {
    assertTrue(staleLeaseRead(cluster) == null, staleLeaseRead(cluster));
  }

  @Test
  void withoutTheFenceTheDeposedLeaderAnswersStale() {
    // The planted bug of the simulator's LEASE_WITHOUT_FENCE, seen here deterministically.
    assertTrue(staleLeaseRead(cluster(Set.of(Mutation.LEASE_WITHOUT_FENCE))) != null);
  }

  /**
   * The old leader is cut off from the other replicas (they elect another) while its writes keep
   * renewing its lease, and from the acceptors once another replica campaigns; it is asked a lease
   * read at every tick while the new leader completes a write. The first answer missing that
   * completed write, or null.
   */
  private static String staleLeaseRead(TestCluster cluster) {
    NodeId old = cluster.awaitLeader();
    cluster.request(old, call(1, 1, "set", 5L));
    for (NodeId other : cluster.replicas.keySet()) {
      if (!other.equals(old)) {
        cluster.cut(old, other);
        cluster.cut(other, old);
      }
    }
    boolean acceptorsCut = false;
    boolean written = false;
    long seq = 2;
    long renewals = 0;
    for (int tick = 0; tick < 300; tick++) {
      if (!acceptorsCut) {
        cluster.submit(old, call(3, ++renewals, "set", 5L)); // Accepteds renew the lease
      }
      cluster.tick(1);
      for (var entry : cluster.replicas.entrySet()) {
        if (entry.getKey().equals(old)) {
          continue;
        }
        if (!acceptorsCut && !entry.getValue().describe().contains("[FOLLOWER")) {
          for (String acceptor : List.of("a1", "a2", "a3")) {
            cluster.cut(old, TestCluster.id(acceptor));
            cluster.cut(TestCluster.id(acceptor), old);
          }
          acceptorsCut = true;
        }
        if (entry.getValue().isLeader() && cluster.repliesTo(2, 1).isEmpty()) {
          cluster.submit(entry.getKey(), call(2, 1, "set", 9L));
          cluster.deliverAll();
        }
      }
      written = written || !cluster.repliesTo(2, 1).isEmpty();
      cluster.submit(old, read(1, seq, ReadMode.LEASE, 0));
      cluster.deliverAll();
      for (ClientReply reply : cluster.repliesTo(1, seq)) {
        if (written && reply.outcome() == Outcome.OK && value(reply).equals(5L)) {
          return "tick " + tick + ": " + reply + " after the write of 9 completed";
        }
      }
      seq++;
    }
    assertTrue(written, "the new leader's write completed");
    return null;
  }

  @Test
  void aFollowerAnswersASequentialReadOnceItExecutedTheSlotSeen() {
    NodeId leader = cluster.awaitLeader();
    NodeId follower = follower(leader);
    cluster.request(leader, call(1, 1, "set", 5L));
    long seen = only(cluster, 1, 1).slot();
    cluster.tick(3); // the follower learns the decision
    long leaderExecuted = cluster.replicas.get(leader).slotExecutedMax();

    cluster.submit(follower, read(1, 2, ReadMode.SEQUENTIAL, seen));
    cluster.deliverAll();
    ClientReply answered = only(cluster, 1, 2);
    assertEquals(5L, value(answered));
    assertTrue(answered.slot() >= seen);
    assertEquals(leaderExecuted, cluster.replicas.get(leader).slotExecutedMax(), "no slot");

    cluster.cut(leader, follower); // the follower stops learning
    cluster.request(leader, call(1, 3, "set", 7L));
    long later = only(cluster, 1, 3).slot();
    cluster.submit(follower, read(1, 4, ReadMode.SEQUENTIAL, later));
    cluster.deliverAll();
    assertEquals(
        Outcome.NOT_LEADER,
        only(cluster, 1, 4).outcome(),
        "behind what the client saw: to the leader, never back in time");
  }

  @Test
  void aFollowerAnswersABoundedReadOnlyWhileItHeardTheLeaderRecently() {
    NodeId leader = cluster.awaitLeader();
    NodeId follower = follower(leader);
    cluster.request(leader, call(1, 1, "set", 5L));
    cluster.tick(4); // a heartbeat after the decision: the follower knows it is current

    cluster.submit(follower, read(1, 2, ReadMode.bounded(500), 0));
    cluster.deliverAll();
    assertEquals(5L, value(only(cluster, 1, 2)));

    cluster.isolate(follower); // it campaigns, but wins no promises: it leads nothing
    cluster.tick(60); // 600 ms of ticks without the leader's word
    cluster.submit(follower, read(1, 3, ReadMode.bounded(500), 0));
    cluster.deliverAll();
    assertTrue(
        cluster.repliesTo(1, 3).stream().noneMatch(r -> r.outcome() == Outcome.OK),
        "older than the bound: not answered there " + cluster.repliesTo(1, 3));
  }

  /**
   * A replica restarted from its snapshot has heard no heartbeat, so nothing vouches for its
   * staleness: it answers no bounded read (its unknown staleness, Long.MAX_VALUE ticks, once
   * overflowed to a negative one in millis; simulator seed 40000062).
   */
  @Test
  void aFollowerRestartedFromItsSnapshotAnswersNoBoundedReadBeforeItHearsTheLeader() {
    NodeId leader = cluster.awaitLeader();
    NodeId follower = follower(leader);
    cluster.request(leader, call(1, 1, "set", 5L));
    cluster.tick(4);
    org.concoord.core.message.Snapshot saved = cluster.replicas.get(follower).snapshot();
    cluster.restartEmpty(follower);
    cluster.replicas.get(follower).restore(saved);
    cluster.isolate(follower);

    cluster.submit(follower, read(1, 2, ReadMode.bounded(500), 0));
    cluster.deliverAll();
    assertTrue(
        cluster.repliesTo(1, 2).stream().noneMatch(r -> r.outcome() == Outcome.OK),
        "no heartbeat heard: not answered there " + cluster.repliesTo(1, 2));
  }

  private long proposalsFrom(NodeId leader) {
    return cluster.sentOf(Propose.class).stream().filter(e -> e.from().equals(leader)).count();
  }
}
