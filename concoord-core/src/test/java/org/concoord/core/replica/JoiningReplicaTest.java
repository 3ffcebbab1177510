package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.effects.Effects;
import org.concoord.core.join.JoiningReplica;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Reason;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;

/**
 * The replica's join gating (issue 15: moved out of the runtime's ReplicaRole into the core, run by
 * the runtime and the simulator alike).
 */
class JoiningReplicaTest {
  static final NodeId SELF = NodeId.of("r9");
  static final NodeId MEMBER = NodeId.of("r0");
  static final NodeId EVIL = NodeId.of("evil");
  static final View GENESIS = View.initial(List.of(MEMBER), List.of(NodeId.of("a0")));

  private final List<View> started = new ArrayList<>();
  private final List<String> fatal = new ArrayList<>();
  private final JoiningReplica joining =
      new JoiningReplica(
          SELF,
          new byte[0],
          20,
          genesis -> {
            started.add(genesis);
            return new Replica(
                SELF,
                genesis,
                new CountingMachine(),
                TestCluster.CONFIG,
                new SplittableRandom(1),
                Set.of(),
                Observer.NONE);
          },
          warning -> {},
          fatal::add);

  @Test
  void aJoiningReplicaIsGatedUntilAReplyFromANodeItAskedAdmitsIt() {
    joining.join(List.of(MEMBER));
    Effects effects = new Effects();
    joining.onTick(effects);
    assertEquals(List.of(MEMBER), joinRequestTargets(effects));
    JoinReply queued = new JoinReply(true, false, "queued", GENESIS, MEMBER);

    joining.onMessage(EVIL, queued, effects);
    assertNull(joining.replica(), "a reply from a node it did not ask admits nothing");

    joining.onMessage(MEMBER, queued, effects);
    assertNotNull(joining.replica());
    assertEquals(List.of(GENESIS), started);
    assertTrue(joining.isJoining(), "queued, not yet a member: it keeps asking");

    joining.onMessage(MEMBER, new JoinReply(true, true, "member", GENESIS, MEMBER), effects);
    assertFalse(joining.isJoining());
    assertEquals(1, started.size(), "started once");
  }

  @Test
  void aReplicaWhoseCodeDiffersStops() {
    joining.join(List.of(MEMBER));
    joining.onTick(new Effects());
    joining.onMessage(
        MEMBER, JoinReply.refused(Reason.CODE_DIFFERS, "code differs", null), new Effects());
    assertEquals(1, fatal.size(), fatal.toString());
    assertNull(joining.replica());
  }

  @Test
  void aReplicaStartedOutsideItsViewAsksToBeAddedUnlessRetired() {
    joining.start(GENESIS); // restarted from a state of before its addition was decided
    Effects effects = new Effects();
    joining.onTick(effects); // finds itself outside the view
    joining.onTick(effects); // asks
    assertEquals(List.of(MEMBER), joinRequestTargets(effects));
    assertTrue(joining.isJoining());

    JoiningReplica retired =
        new JoiningReplica(
            SELF,
            new byte[0],
            20,
            genesis ->
                new Replica(
                    SELF,
                    genesis,
                    new CountingMachine(),
                    TestCluster.CONFIG,
                    new SplittableRandom(1),
                    Set.of(),
                    Observer.NONE),
            warning -> {},
            fatal::add);
    retired.retire();
    retired.start(GENESIS);
    Effects none = new Effects();
    for (int tick = 0; tick < 100; tick++) {
      retired.onTick(none);
    }
    assertEquals(List.of(), joinRequestTargets(none));
  }

  private static List<NodeId> joinRequestTargets(Effects effects) {
    List<NodeId> targets = new ArrayList<>();
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Send send && send.message() instanceof JoinRequest) {
        targets.add(send.target());
      }
    }
    return targets;
  }
}
