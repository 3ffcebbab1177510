package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;

/** The lease and its fence (docs/protocol.md, "Lease reads"), alone. */
class LeaderLeaseTest {
  private static final NodeId A1 = NodeId.of("a1:1");
  private static final NodeId A2 = NodeId.of("a2:1");
  private static final NodeId A3 = NodeId.of("a3:1");
  private static final View VIEW = View.initial(List.of(NodeId.of("r1:1")), List.of(A1, A2, A3));
  private static final Ballot B = new Ballot(3, NodeId.of("r1:1"));

  private final LeaderLease lease =
      new LeaderLease(ReplicaConfig.defaults().withReadLease(true), Set.of(), Observer.NONE);

  @Test
  void theFenceOutlastsTheLeaseInRealTimeWithinTheDriftBound() {
    assertEquals(18, lease.leaseTicks(), "docs/protocol.md's figures, at the defaults");
    assertEquals(29, lease.fenceTicks(), "under the election timeout of 30");
    for (int drift : new int[] {0, 50, 100, 300}) {
      for (int lag : new int[] {0, 6}) {
        for (long leaseTicks = 1; leaseTicks < 500; leaseTicks++) {
          long fence = LeaderLease.fenceTicks(leaseTicks, drift, lag);
          double leaseRealMax = (leaseTicks + lag + 1) / (1 - drift / 1000.0);
          double fenceRealMin = (fence - 1) / (1 + drift / 1000.0);
          assertTrue(
              fenceRealMin >= leaseRealMax - 1e-9,
              "lease " + leaseTicks + ", fence " + fence + ", drift " + drift);
          double oneLess = (fence - 2) / (1 + drift / 1000.0);
          assertTrue(oneLess < leaseRealMax, "the least such fence: " + leaseTicks);
        }
      }
    }
    assertEquals(
        0,
        new LeaderLease(10, 50, 6, Set.of(), Observer.NONE).leaseTicks(),
        "no lease fits a timeout of 10 with the runtime's lag: none is held");
    assertFalse(new LeaderLease(10, 50, 6, Set.of(), Observer.NONE).holds(List.of(), B, 1));
    assertEquals(
        0,
        new LeaderLease(
                ReplicaConfig.defaults().withReadLease(true),
                Set.of(Mutation.LEASE_WITHOUT_FENCE),
                Observer.NONE)
            .fenceTicks());
    LeaderLease on = new LeaderLease(ReplicaConfig.defaults(), Set.of(), Observer.NONE);
    assertEquals(18, on.leaseTicks(), "on by default");
    assertEquals(29, on.fenceTicks());
    LeaderLease noMargin =
        new LeaderLease(
            ReplicaConfig.defaults().withReadLease(true),
            Set.of(Mutation.LEASE_WITHOUT_DRIFT_MARGIN),
            Observer.NONE);
    assertEquals(18, noMargin.leaseTicks(), "the same lease");
    assertEquals(26, noMargin.fenceTicks(), "fenced for the lease and the lag, not the drift");
    LeaderLease off =
        new LeaderLease(ReplicaConfig.defaults().withReadLease(false), Set.of(), Observer.NONE);
    assertEquals(0, off.leaseTicks(), "off on request (concoord replica --no-read-lease)");
    assertEquals(0, off.fenceTicks());
  }

  @Test
  void theLeaseHoldsWhileAMajorityAnsweredRecentMessages() {
    assertFalse(lease.holds(List.of(VIEW), B, 100), "nobody answered");
    lease.answered(A1, B, B, 100);
    assertFalse(lease.holds(List.of(VIEW), B, 100), "one of three");
    lease.answered(A2, B, B, 95);
    assertTrue(lease.holds(List.of(VIEW), B, 110));
    assertTrue(lease.holds(List.of(VIEW), B, 112));
    assertFalse(lease.holds(List.of(VIEW), B, 113), "a2's answer vouches for 18 ticks from 95");
    lease.answered(A3, B, B, 110);
    assertTrue(lease.holds(List.of(VIEW), B, 113));
  }

  @Test
  void answersUnderAnotherBallotOrBeforeAClockJumpVouchForNothing() {
    Ballot other = new Ballot(4, NodeId.of("r2:1"));
    lease.answered(A1, other, B, 100);
    lease.answered(A2, B, B, 100);
    assertFalse(lease.holds(List.of(VIEW), B, 101));
    lease.answered(A1, B, B, 100);
    assertTrue(lease.holds(List.of(VIEW), B, 101));
    assertFalse(lease.holds(List.of(VIEW), other, 101), "the leader's ballot changed");

    lease.answered(A1, B, B, 100);
    lease.answered(A2, B, B, 100);
    lease.clockJumped(105);
    assertFalse(lease.holds(List.of(VIEW), B, 106), "the clock lost time");
    lease.answered(A1, B, B, 104);
    lease.answered(A2, B, B, 104);
    assertFalse(lease.holds(List.of(VIEW), B, 106), "sent before the jump");
    lease.answered(A1, B, B, 105);
    lease.answered(A2, B, B, 105);
    // Simulator seed 21000481: a leader paused right after sending at its tick 105 resumes at
    // 105 (a pause loses ticks), and the answers that waited count from a tick it trusts again.
    assertFalse(lease.holds(List.of(VIEW), B, 106), "sent at the jump's tick, maybe before it");
    lease.answered(A1, B, B, 106);
    lease.answered(A2, B, B, 106);
    assertTrue(lease.holds(List.of(VIEW), B, 107));
  }

  @Test
  void theFenceRunsFromTheLastPromiseAndLiftsOnce() {
    lease.promised(A1, B, 10);
    lease.promised(A2, B, 20);
    lease.promised(A2, B, 40); // a duplicate: it sets nothing
    assertTrue(lease.fenced(48));
    assertFalse(lease.fenceLifted(48));
    assertFalse(lease.fenced(49));
    assertTrue(lease.fenceLifted(49));
    assertFalse(lease.fenceLifted(50), "once");
  }
}
