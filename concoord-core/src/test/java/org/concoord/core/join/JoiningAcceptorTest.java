package org.concoord.core.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's join gating (issue 15: moved out of the runtime's AcceptorRole into the core, run
 * by the runtime and the simulator alike).
 */
class JoiningAcceptorTest {
  static final NodeId SELF = NodeId.of("a9");
  static final NodeId MEMBER = NodeId.of("r0");
  static final View GENESIS = View.initial(List.of(MEMBER), List.of(SELF));
  static final int PROBE = 50;

  private final List<View> checked = new ArrayList<>();

  private JoiningAcceptor acceptor(boolean belongs) {
    return new JoiningAcceptor(
        new Acceptor(SELF),
        List.of(MEMBER),
        20,
        PROBE,
        genesis -> {
          checked.add(genesis);
          return belongs;
        },
        warning -> {});
  }

  @Test
  void anAcceptorAnswersNoLeaderUntilAReplyShowsItsLogIsThisInstances() {
    JoiningAcceptor joining = acceptor(true);
    Effects effects = new Effects();
    joining.onTick(effects);
    joining.onMessage(MEMBER, new Prepare(new Ballot(1, MEMBER), 1), effects);
    assertEquals(0, promises(effects), "gated: a Prepare before the reply is dropped");

    joining.onMessage(MEMBER, new JoinReply(true, true, "member", GENESIS, null), effects);
    assertEquals(List.of(GENESIS), checked);
    assertTrue(joining.isConfirmed() && joining.isMember());
    joining.onMessage(MEMBER, new Prepare(new Ballot(1, MEMBER), 1), effects);
    assertEquals(1, promises(effects));
  }

  @Test
  void aRefusalNamingTheGenesisViewConfirmsTheLog() {
    // A leader that needs this acceptor for its quorum is not active yet: it refuses the join.
    JoiningAcceptor joining = acceptor(true);
    Effects effects = new Effects();
    joining.onTick(effects);
    joining.onMessage(
        MEMBER,
        new JoinReply(
            false,
            false,
            "not the leader",
            GENESIS,
            null,
            org.concoord.core.message.Reason.NOT_LEADER),
        effects);
    joining.onMessage(MEMBER, new Prepare(new Ballot(1, MEMBER), 1), effects);
    assertTrue(joining.isConfirmed() && !joining.isMember());
    assertEquals(1, promises(effects));
  }

  @Test
  void aLogOfAnotherInstanceKeepsItGated() {
    JoiningAcceptor joining = acceptor(false);
    Effects effects = new Effects();
    joining.onTick(effects);
    joining.onMessage(MEMBER, new JoinReply(true, true, "member", GENESIS, null), effects);
    joining.onMessage(MEMBER, new Prepare(new Ballot(1, MEMBER), 1), effects);
    assertFalse(joining.isConfirmed());
    assertEquals(0, promises(effects));
  }

  @Test
  void aMemberProbesItsMembershipUnlessRetired() {
    JoiningAcceptor joining = acceptor(true);
    Effects effects = new Effects();
    joining.onTick(effects);
    joining.onMessage(MEMBER, new JoinReply(true, true, "member", GENESIS, null), effects);
    effects.clear();
    for (int tick = 0; tick < PROBE; tick++) {
      joining.onTick(effects);
    }
    assertEquals(1, joinRequests(effects), "one probe per probe interval");

    joining.onMessage(MEMBER, new JoinReply(true, true, "member", GENESIS, null), effects);
    joining.retire();
    effects.clear();
    for (int tick = 0; tick < 3 * PROBE; tick++) {
      joining.onTick(effects);
    }
    assertEquals(0, joinRequests(effects));
  }

  private static long promises(Effects effects) {
    return effects.list().stream()
        .filter(e -> e instanceof Effects.Send send && send.message() instanceof Promise)
        .count();
  }

  private static long joinRequests(Effects effects) {
    return effects.list().stream()
        .filter(e -> e instanceof Effects.Send send && send.message() instanceof JoinRequest)
        .count();
  }
}
