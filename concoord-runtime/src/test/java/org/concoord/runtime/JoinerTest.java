package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Reason;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/** A join reply counts only from a node the joiner asked (security review case 19). */
class JoinerTest {
  static final NodeId SELF = NodeId.of("127.0.0.1:3");
  static final NodeId BOOTSTRAP = NodeId.of("127.0.0.1:1");
  static final NodeId LEADER = NodeId.of("127.0.0.1:2");

  @Test
  void onlyTheNodesAskedMayAnswer() {
    Joiner joiner = new Joiner(SELF, Role.ACCEPTOR, new byte[0], List.of(BOOTSTRAP));
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
  void aJoinNobodyAnswersIsSaidInTheLogEveryTenSeconds() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(Joiner.class.getName());
    List<String> warnings = new java.util.ArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        warnings.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(handler);
    try {
      Joiner joiner = new Joiner(SELF, Role.REPLICA, new byte[0], List.of(BOOTSTRAP));
      Effects effects = new Effects();
      for (int tick = 0; tick < Joiner.RETRY_TICKS * Joiner.UNANSWERED_WARN_ATTEMPTS; tick++) {
        joiner.onTick(effects);
      }
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("still not joined after 10 join requests")
          && warnings.get(0).contains(BOOTSTRAP.toString()), warnings.get(0));
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void answeredProbesOfAMemberAreNeverReportedAsUnanswered() {
    List<String> warnings = new java.util.ArrayList<>();
    java.util.logging.Handler handler = recording(warnings);
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(Joiner.class.getName());
    log.addHandler(handler);
    try {
      // An acceptor member re-asks (rejoin) periodically, and each probe is answered.
      Joiner joiner = new Joiner(SELF, Role.ACCEPTOR, new byte[0], List.of(BOOTSTRAP));
      Effects effects = new Effects();
      for (int probe = 0; probe < 3 * Joiner.UNANSWERED_WARN_ATTEMPTS; probe++) {
        joiner.rejoin();
        joiner.onTick(effects);
        joiner.onReply(new JoinReply(true, true, "member",
            org.concoord.core.view.View.initial(List.of(BOOTSTRAP), List.of(SELF)), null));
        assertTrue(joiner.isMember());
      }
      assertEquals(List.of(), warnings);
    } finally {
      log.removeHandler(handler);
    }
  }

  private static java.util.logging.Handler recording(List<String> warnings) {
    return new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        warnings.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  @Test
  void aForgedReplyStopsNoJoiningReplica() throws Exception {
    // ReplicaRole: a replica joining through BOOTSTRAP ignores a reply from anyone else.
    Joiner joiner = new Joiner(SELF, Role.REPLICA, new byte[0], List.of(BOOTSTRAP));
    joiner.onTick(new Effects());
    assertFalse(joiner.asked(NodeId.of("evil:1")));
    assertFalse(joiner.isMember());
  }
}
