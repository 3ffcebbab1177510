package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.core.NodeId;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.Truncate;
import org.junit.jupiter.api.Test;

/**
 * Snapshots in chunks, accepted only on request; truncation behind every replica's durable
 * snapshot; divergence found by the state digests and repaired from a majority's snapshot.
 */
class StateIntegrityScenarioTest {
  /** Retains 8 slots, digests every 4, snapshots in chunks of 16 bytes. */
  static final ReplicaConfig CONFIG =
      TestCluster.config(1_000, 100)
          .withDecisionRetentionSlots(8)
          .withDigestEverySlots(4)
          .withSnapshotChunkBytes(16);

  private static void calls(TestCluster cluster, NodeId leader, long client, int from, int count) {
    for (int seq = from; seq < from + count; seq++) {
      cluster.request(leader, command(client, seq, seq - 1, "inc"));
    }
  }

  /** A cluster and its leader. */
  private record Led(TestCluster cluster, NodeId leader) {}

  /** A cluster whose non-leader r1 or r2 restarted empty after 40 calls and caught up. */
  private static Led laggingCaughtUp() {
    TestCluster cluster = new TestCluster(3, 3, CONFIG, 7L, true);
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 9, 1, 40);
    cluster.restartEmpty(lagging(leader));
    calls(cluster, leader, 9, 41, 2);
    cluster.tick(100);
    return new Led(cluster, leader);
  }

  private static NodeId lagging(NodeId leader) {
    return leader.equals(id("r1")) ? id("r2") : id("r1");
  }

  @Test
  void aReplicaRestartedEmptyPastTheRetentionIsCaughtUpByASnapshotInManyChunks() {
    Led led = laggingCaughtUp();
    TestCluster cluster = led.cluster();
    NodeId leader = led.leader();
    NodeId lagging = lagging(leader);
    assertTrue(cluster.marks.contains("replica.snapshot-restored"), cluster.marks.toString());
    assertTrue(cluster.marks.contains("replica.snapshot-chunk-taken"), cluster.marks.toString());
    assertEquals(
        cluster.replicas.get(leader).slotExecutedMax(),
        cluster.replicas.get(lagging).slotExecutedMax());
    assertEquals(cluster.machines.get(leader).count(), cluster.machines.get(lagging).count());
  }

  /**
   * A receiver keeps {@link SnapshotIntake#WINDOW} fetches in flight, not one per round trip (seed
   * 255 on the session client: 425 chunks at 16 per 100 ticks outlasted the run): after the first
   * chunk it asks for the next four at once, at multiples of the first chunk's length.
   */
  @Test
  void aReceiverKeepsAWindowOfFetchesInFlight() {
    Led led = laggingCaughtUp();
    TestCluster cluster = led.cluster();
    NodeId lagging = lagging(led.leader());
    assertTrue(cluster.marks.contains("replica.snapshot-restored"), cluster.marks.toString());
    java.util.List<Long> before = new java.util.ArrayList<>();
    boolean firstChunk = false;
    for (TestCluster.Envelope e : cluster.sent) {
      if (e.to().equals(lagging) && e.message() instanceof SnapshotChunk chunk) {
        if (firstChunk) {
          break; // the second chunk arrived: what was asked before it is the window
        }
        firstChunk = chunk.offset() == 0;
      } else if (firstChunk && e.from().equals(lagging) && e.message() instanceof SnapshotFetch f) {
        before.add(f.offset());
      }
    }
    assertEquals(java.util.List.of(16L, 32L, 48L, 64L), before);
  }

  @Test
  void aChunkNobodyAskedForIsDroppedWhetherFromAStrangerOrFromAReplica() {
    TestCluster cluster = new TestCluster(3, 3, CONFIG, 7L, true);
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 9, 1, 5);
    NodeId victim = leader.equals(id("r1")) ? id("r2") : id("r1");
    NodeId member =
        cluster.replicas.keySet().stream()
            .filter(r -> !r.equals(leader) && !r.equals(victim))
            .findFirst()
            .orElseThrow();
    long executed = cluster.replicas.get(victim).slotExecutedMax();
    byte[] forged = new byte[16];
    cluster.inject(id("x:1"), victim, new SnapshotChunk(1L << 62, 1, 16, 0, forged));
    assertTrue(
        cluster.marks.contains("senders.refused.snapshot-from-non-member"),
        cluster.marks.toString());
    cluster.inject(member, victim, new SnapshotChunk(1L << 62, 1, 16, 0, forged));
    assertTrue(cluster.marks.contains("replica.snapshot-unasked"), cluster.marks.toString());
    assertEquals(executed, cluster.replicas.get(victim).slotExecutedMax(), "nothing restored");
  }

  @Test
  void truncationWaitsForEveryReplicasDurableSnapshot() {
    ReplicaConfig config =
        TestCluster.config(1_000, 100).withDecisionRetentionSlots(8).withDigestEverySlots(0);
    TestCluster cluster = new TestCluster(3, 3, config, 7L, true);
    for (Replica replica : cluster.replicas.values()) {
      replica.snapshotSaved(0); // every replica keeps its snapshots on disk
    }
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 9, 1, Truncation.TRUNCATE_EVERY_SLOTS + 50);
    cluster.tick(20);
    assertTrue(
        cluster.sentOf(Truncate.class).isEmpty(),
        "no replica reported a durable snapshot: nothing may be forgotten");

    for (NodeId id : cluster.replicas.keySet()) {
      Replica replica = cluster.replicas.get(id);
      replica.snapshotSaved(id.equals(id("r3")) ? 1_040 : replica.slotExecutedMax());
    }
    cluster.tick(20);
    calls(cluster, leader, 9, Truncation.TRUNCATE_EVERY_SLOTS + 51, 20);
    cluster.tick(20);
    long below =
        cluster.sentOf(Truncate.class).stream()
            .mapToLong(e -> ((Truncate) e.message()).slotBelow())
            .max()
            .orElse(0);
    assertEquals(1_041, below, "truncated up to r3's durable snapshot, not beyond");
  }

  @Test
  void aDivergentReplicaSaysSoStopsServingAndRecoversFromAMajoritySnapshot() {
    TestCluster cluster = new TestCluster(3, 3, CONFIG, 7L, true);
    NodeId leader = cluster.awaitLeader();
    NodeId odd = leader.equals(id("r1")) ? id("r2") : id("r1");
    calls(cluster, leader, 9, 1, 3);
    cluster.machines.get(odd).corrupt();
    calls(cluster, leader, 9, 4, 8); // past at least one digest slot
    assertTrue(cluster.marks.contains("replica.diverged"), cluster.marks.toString());
    cluster.tick(200);
    assertTrue(cluster.marks.contains("replica.divergence-recovered"), cluster.marks.toString());
    assertNull(cluster.replicas.get(odd).stateNotice());
    calls(cluster, leader, 9, 12, 8);
    assertEquals(
        cluster.machines.get(leader).count(),
        cluster.machines.get(odd).count(),
        "the repaired replica executes like the others again");
  }

  /**
   * Seed 5002058: a replica removed while it was down restarts from an old snapshot, outside the
   * view; its catch-up request is answered with a snapshot's first chunk, and it must be able to
   * pull the rest, or it never learns the view that names the leader it must ask to rejoin.
   */
  @Test
  void aReplicaOutsideTheViewMayFetchEveryChunkOfASnapshot() {
    TestCluster cluster = new TestCluster(3, 3, CONFIG, 7L, true);
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 9, 1, 5);
    NodeId outside = id("r9");
    cluster.inject(outside, leader, new SnapshotFetch(0, 0)); // the first chunk, as offered
    SnapshotChunk first = firstChunkTo(cluster, outside);
    cluster.inject(outside, leader, new SnapshotFetch(first.slot(), first.data().length));

    long chunks =
        cluster.sentOf(SnapshotChunk.class).stream().filter(e -> e.to().equals(outside)).count();
    assertEquals(2, chunks, "the second chunk, at the offset the first ended");
    assertTrue(
        !cluster.marks.contains("senders.refused.snapshot-from-non-member"),
        cluster.marks.toString());
  }

  /**
   * A fetch of a snapshot the sender no longer keeps (it captured a newer one for someone else) is
   * answered with the first chunk of the one it keeps: silence made the receiver ask for the gone
   * one until it gave up, 50 resends later (simulator seed 40000538: a removed replica stalled so
   * and never learnt its removal in time).
   */
  @Test
  void aFetchOfAGoneSnapshotIsAnsweredWithTheStartOfTheNewOne() {
    TestCluster cluster = new TestCluster(3, 3, CONFIG, 7L, true);
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 9, 1, 5);
    NodeId first = id("r8");
    NodeId second = id("r9");
    cluster.inject(first, leader, new SnapshotFetch(0, 0));
    SnapshotChunk old = firstChunkTo(cluster, first);
    calls(cluster, leader, 9, 6, 5);
    cluster.inject(second, leader, new SnapshotFetch(0, 0)); // a newer capture replaces it
    SnapshotChunk newer = firstChunkTo(cluster, second);
    assertTrue(newer.slot() > old.slot(), old.slot() + " then " + newer.slot());

    cluster.inject(first, leader, new SnapshotFetch(old.slot(), old.data().length));
    SnapshotChunk answer =
        (SnapshotChunk)
            cluster.sentOf(SnapshotChunk.class).stream()
                .filter(e -> e.to().equals(first))
                .reduce((a, b) -> b)
                .orElseThrow()
                .message();
    assertEquals(newer.slot(), answer.slot(), "the snapshot kept now");
    assertEquals(0, answer.offset(), "from its start");
  }

  /**
   * Fresh seed 1796666623214254 --named: a snapshot being pulled is not replaced by the sender's
   * next capture for its disk or its digest (here one every slot, and a digest every 4), or a
   * transfer slower than the captures never ends; the receiver gets every chunk of the snapshot it
   * started, while the sender executes on.
   */
  @Test
  void aSnapshotBeingPulledOutlivesTheSendersLaterCaptures() {
    TestCluster cluster = new TestCluster(3, 3, CONFIG, 7L, true);
    NodeId leader = cluster.awaitLeader();
    calls(cluster, leader, 9, 1, 20); // past the 8 slots retained
    NodeId puller = id("r9");
    cluster.inject(puller, leader, new CatchUpRequest(1));
    SnapshotChunk first = firstChunkTo(cluster, puller);
    long offset = first.data().length;
    int seq = 21;
    while (offset < first.totalBytes()) {
      calls(cluster, leader, 9, seq++, 1);
      assertEquals(
          cluster.replicas.get(leader).slotExecutedMax(),
          cluster.replicas.get(leader).snapshot().slot(),
          "the disk gets the current state");
      cluster.inject(puller, leader, new SnapshotFetch(first.slot(), offset));
      SnapshotChunk next =
          (SnapshotChunk)
              cluster.sentOf(SnapshotChunk.class).stream()
                  .filter(e -> e.to().equals(puller))
                  .reduce((a, b) -> b)
                  .orElseThrow()
                  .message();
      assertEquals(first.slot(), next.slot(), "still the snapshot being pulled, at " + offset);
      assertEquals(offset, next.offset());
      offset += next.data().length;
    }
    assertTrue(seq > 25, "the transfer lasted several captures and a digest: " + seq);
  }

  private static SnapshotChunk firstChunkTo(TestCluster cluster, NodeId to) {
    return (SnapshotChunk)
        cluster.sentOf(SnapshotChunk.class).stream()
            .filter(e -> e.to().equals(to))
            .findFirst()
            .orElseThrow()
            .message();
  }
}
