package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The session oracle on known inputs: what the instance heard, and when an expiry is wrong. */
class SessionOracleTest {
  static final long EXPIRY = 300;

  private static Batch batch(long clientId, long seq) {
    List<Command> commands =
        List.of(
            new ClientCommand(clientId, seq, seq, new Call("get", ValueCodec.encodeArgs()), ""));
    return new Batch(0, commands);
  }

  @Test
  void anExpiryShortlyAfterTheClientWasHeardIsWrong() {
    SessionOracle sessions = new SessionOracle();
    sessions.executed(1, batch(7, 1), 100);
    sessions.executed(2, batch(7, 2), 120);
    assertTrue(sessions.expiredWrongly(7, 3, 130, EXPIRY));
  }

  @Test
  void anExpiryAfterTheClientWentUnheardForTheExpiryIsTrue() {
    SessionOracle sessions = new SessionOracle();
    sessions.executed(1, batch(7, 1), 100);
    assertFalse(sessions.expiredWrongly(7, 2, 100 + EXPIRY, EXPIRY));
  }

  @Test
  void noRefusedCallOfAPipelinedBurstIsHearingTheClient() {
    SessionOracle sessions = new SessionOracle();
    sessions.executed(1, batch(7, 1), 100);
    sessions.executed(2, batch(7, 2), 500); // 2 and 3 were outstanding together, both refused
    sessions.executed(3, batch(7, 3), 501);
    assertFalse(
        sessions.expiredWrongly(7, 3, Set.of(2L, 3L), 502, EXPIRY), "seeds 30000208, 31000270");
    assertTrue(
        sessions.expiredWrongly(7, 3, Set.of(2L, 3L), 150, EXPIRY), "1 was heard just before");
    sessions.executed(4, batch(7, 4), 510); // ran: the session lived then
    assertTrue(
        sessions.expiredWrongly(7, 3, Set.of(2L, 3L), 520, EXPIRY), "a later call that ran counts");
  }

  @Test
  void theRefusedCallsOwnExecutionIsNotHearingTheClient() {
    SessionOracle sessions = new SessionOracle();
    sessions.executed(1, batch(7, 1), 100);
    sessions.executed(2, batch(7, 2), 500); // refused there: the session had expired
    assertFalse(sessions.expiredWrongly(7, 2, 501, EXPIRY));
  }

  @Test
  void aSlotExecutedAgainByAnotherReplicaIsNotHeardAgain() {
    SessionOracle sessions = new SessionOracle();
    sessions.executed(1, batch(7, 1), 100);
    sessions.executed(1, batch(7, 1), 450); // a replica catching up, long after
    assertFalse(sessions.expiredWrongly(7, 2, 460, EXPIRY));
  }

  @Test
  void switchedOffItCallsNoExpiryWrong() {
    SessionOracle sessions = new SessionOracle();
    sessions.executed(1, batch(7, 1), 100);
    sessions.switchOff();
    assertFalse(sessions.expiredWrongly(7, 2, 110, EXPIRY));
  }
}
