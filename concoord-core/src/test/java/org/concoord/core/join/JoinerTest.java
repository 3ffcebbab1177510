package org.concoord.core.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Reason;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;

/** A join reply counts only from a node the joiner asked (security review case 19). */
class JoinerTest {
  static final NodeId SELF = NodeId.of("127.0.0.1:3");
  static final NodeId BOOTSTRAP = NodeId.of("127.0.0.1:1");
  static final NodeId LEADER = NodeId.of("127.0.0.1:2");

  private final List<String> warnings = new ArrayList<>();

  private Joiner joiner(Role role) {
    return new Joiner(SELF, role, new byte[0], List.of(BOOTSTRAP), warnings::add);
  }

  @Test
  void onlyTheNodesAskedMayAnswer() {
    Joiner joiner = joiner(Role.ACCEPTOR);
    assertFalse(joiner.asked(BOOTSTRAP), "nothing asked yet");
    Effects effects = new Effects();
    joiner.onTick(effects);
    assertEquals(BOOTSTRAP, ((Effects.Send) effects.list().get(0)).target());
    assertTrue(joiner.asked(BOOTSTRAP));
    assertFalse(joiner.asked(LEADER));
    assertFalse(joiner.asked(NodeId.of("evil:1")));

    joiner.onReply(JoinReply.refused(Reason.NOT_LEADER, "not the leader", LEADER));
    for (int tick = 0; tick < Joiner.RETRY_TICKS; tick++) {
      joiner.onTick(effects);
    }
    assertTrue(joiner.asked(LEADER), "the hinted leader was asked next");
  }

  @Test
  void aJoinNobodyAnswersIsSaidEveryTenRequests() {
    Joiner joiner = joiner(Role.REPLICA);
    Effects effects = new Effects();
    for (int tick = 0; tick < Joiner.RETRY_TICKS * Joiner.UNANSWERED_WARN_ATTEMPTS; tick++) {
      joiner.onTick(effects);
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).contains("still not joined after 10 join requests")
            && warnings.get(0).contains(BOOTSTRAP.toString()),
        warnings.get(0));
  }

  @Test
  void answeredProbesOfAMemberAreNeverReportedAsUnanswered() {
    // An acceptor member re-asks (rejoin) periodically, and each probe is answered.
    Joiner joiner = joiner(Role.ACCEPTOR);
    Effects effects = new Effects();
    for (int probe = 0; probe < 3 * Joiner.UNANSWERED_WARN_ATTEMPTS; probe++) {
      joiner.rejoin();
      joiner.onTick(effects);
      joiner.onReply(
          new JoinReply(
              true, true, "member", View.initial(List.of(BOOTSTRAP), List.of(SELF)), null));
      assertTrue(joiner.isMember());
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void aForgedReplyStopsNoJoiningReplica() {
    // A replica joining through BOOTSTRAP ignores a reply from anyone else.
    Joiner joiner = joiner(Role.REPLICA);
    joiner.onTick(new Effects());
    assertFalse(joiner.asked(NodeId.of("evil:1")));
    assertFalse(joiner.isMember());
  }

  @Test
  void aRefusalNamingTheJoinerItselfIsNotFollowed() {
    Joiner joiner =
        new Joiner(SELF, Role.REPLICA, new byte[0], List.of(BOOTSTRAP, LEADER), 20, warnings::add);
    Effects effects = new Effects();
    joiner.onTick(effects); // asks BOOTSTRAP
    joiner.onReply(JoinReply.refused(Reason.NOT_LEADER, "not the leader", SELF));
    effects.clear();
    for (int tick = 0; tick < 2; tick++) {
      joiner.onTick(effects); // a tenth of the retry interval after a refusal
    }
    assertEquals(
        LEADER,
        ((Effects.Send) effects.list().get(0)).target(),
        "the next bootstrap node, not itself");
  }
}
