package org.concoord.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/** The written meaning of ready, has-leader and lag, one case each way. */
class NodeHealthTest {
  static final NodeId SELF = NodeId.of("127.0.0.1:1");
  static final NodeId LEADER = NodeId.of("127.0.0.1:2");

  static NodeHealth follower(
      boolean member, NodeId leader, long silence, long executed, long decided) {
    return new NodeHealth(
        SELF,
        Role.REPLICA,
        member,
        false,
        leader,
        "1@x",
        1,
        1,
        3,
        3,
        0,
        executed,
        decided,
        silence,
        0,
        List.of(),
        List.of());
  }

  @Test
  void followerThatHearsItsLeaderAndKeepsUpIsReady() {
    NodeHealth health = follower(true, LEADER, 3, 100, 105);
    assertNull(health.notReadyBecause(100));
    assertTrue(health.hasLeader());
    assertEquals(5, health.lagSlots());
  }

  @Test
  void replicaCutOffFromItsLeaderIsNotReadyAndHasNoLeader() {
    NodeHealth health = follower(true, LEADER, NodeHealth.READY_SILENCE_TICKS_MAX + 1, 100, 100);
    assertTrue(health.notReadyBecause(100).startsWith("no leader heard"));
    assertFalse(health.hasLeader());
  }

  @Test
  void briefSilenceDropsHasLeaderBeforeReadiness() {
    NodeHealth health = follower(true, LEADER, NodeHealth.LEADER_SILENCE_TICKS_MAX + 1, 1, 1);
    assertFalse(health.hasLeader());
    assertNull(health.notReadyBecause(100), "a short election does not flap readiness");
  }

  @Test
  void replicaCatchingUpIsNotReadyUntilWithinTheBound() {
    assertTrue(follower(true, LEADER, 1, 100, 201).notReadyBecause(100).startsWith("catching up"));
    assertNull(follower(true, LEADER, 1, 101, 201).notReadyBecause(100));
  }

  @Test
  void replicaOutsideItsViewIsNotReady() {
    assertTrue(follower(false, LEADER, 1, 1, 1).notReadyBecause(100).startsWith("not a member"));
  }

  @Test
  void replicaWithoutLeaderIsNotReady() {
    assertTrue(follower(true, null, Long.MAX_VALUE, 0, 0).notReadyBecause(100).contains("ever"));
  }

  @Test
  void leaderIsReadyAndNeverLags() {
    NodeHealth leader =
        new NodeHealth(
            SELF,
            Role.REPLICA,
            true,
            true,
            SELF,
            "1@x",
            1,
            1,
            3,
            3,
            0,
            10,
            50,
            0,
            0,
            List.of(),
            List.of());
    assertNull(leader.notReadyBecause(0));
    assertEquals(0, leader.lagSlots());
  }

  @Test
  void jsonQuotesWhatItEmbeds() {
    assertEquals("\"a\\\"b\\\\c\\n\"", Json.quote("a\"b\\c\n"));
  }
}
