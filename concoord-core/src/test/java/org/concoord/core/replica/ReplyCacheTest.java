package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.Response;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.ReplyCache.Admission;
import org.junit.jupiter.api.Test;

/** Sessions and cached replies: the replicated state behind exactly-once execution. */
class ReplyCacheTest {
  private static final Response OK = new Response(Outcome.OK, new byte[] {42});

  private final ReplyCache cache = new ReplyCache(100, 3, 4);

  private static ClientCommand command(long clientId, long seq, long ackedBelow) {
    return new ClientCommand(clientId, seq, ackedBelow, new Call("m", new byte[0]));
  }

  /** Admits and answers (clientId, seq) at {@code now}, as the executor does. */
  private void execute(long clientId, long seq, long ackedBelow, long now) {
    assertEquals(Admission.EXECUTE, cache.admit(command(clientId, seq, ackedBelow), now));
    cache.recordReply(clientId, seq, OK);
  }

  @Test
  void aNewClientStartingFromNothingAcknowledgedIsExecuted() {
    assertEquals(Admission.EXECUTE, cache.peek(command(1, 1, 0)));
    assertEquals(Admission.EXECUTE, cache.admit(command(1, 1, 1), 5));
    assertEquals(1, cache.sessionCount());
  }

  @Test
  void anUnknownClientClaimingAcknowledgedRepliesHasLostItsSession() {
    // Its replies may have been dropped with its session: refuse rather than run twice.
    assertEquals(Admission.SESSION_EXPIRED, cache.peek(command(1, 3, 2)));
    assertEquals(Admission.SESSION_EXPIRED, cache.admit(command(1, 3, 2), 5));
    assertEquals(0, cache.sessionCount(), "a refused command opens no session");
  }

  @Test
  void anExecutedRequestIsADuplicateAnsweredFromTheCache() {
    execute(1, 1, 0, 5);
    assertEquals(Admission.DUPLICATE, cache.peek(command(1, 1, 0)));
    assertEquals(Admission.DUPLICATE, cache.admit(command(1, 1, 0), 6));
    assertEquals(OK, cache.cached(1, 1));
  }

  @Test
  void aParkedRequestIsADuplicateWithNoReplyYet() {
    assertEquals(Admission.EXECUTE, cache.admit(command(1, 1, 0), 5));
    cache.recordParked(1, 1);
    assertEquals(Admission.DUPLICATE, cache.peek(command(1, 1, 0)));
    assertTrue(cache.isParked(1, 1));
    assertNull(cache.cached(1, 1));

    cache.recordReply(1, 1, OK);
    assertFalse(cache.isParked(1, 1), "a released call is no longer parked");
    assertEquals(OK, cache.cached(1, 1));
  }

  @Test
  void acknowledgingPrunesRepliesBelowAndMakesThoseRequestsStale() {
    execute(1, 1, 0, 5);
    execute(1, 2, 1, 5);
    execute(1, 3, 3, 5);

    assertNull(cache.cached(1, 1));
    assertNull(cache.cached(1, 2));
    assertEquals(OK, cache.cached(1, 3));
    assertEquals(Admission.STALE, cache.peek(command(1, 2, 0)));
    assertEquals(Admission.STALE, cache.admit(command(1, 1, 0), 6));
  }

  @Test
  void anOlderAcknowledgementNeverLowersTheNewerOne() {
    execute(1, 1, 0, 5);
    execute(1, 2, 2, 5);
    assertEquals(Admission.EXECUTE, cache.admit(command(1, 3, 1), 5));
    assertEquals(Admission.STALE, cache.peek(command(1, 1, 0)));
  }

  @Test
  void aReplyBelowTheAcknowledgedSeqIsNotRecorded() {
    execute(1, 1, 0, 5);
    execute(1, 5, 5, 5);
    cache.recordReply(1, 4, OK);
    assertNull(cache.cached(1, 4));
  }

  @Test
  void tooManyUnacknowledgedRepliesRefuseTheNextRequest() {
    for (long seq = 1; seq <= 4; seq++) {
      execute(1, seq, 0, 5);
    }
    assertEquals(Admission.TOO_MANY_OUTSTANDING, cache.admit(command(1, 5, 0), 5));
    assertEquals(Admission.DUPLICATE, cache.admit(command(1, 4, 0), 5), "retries still answered");
    assertEquals(Admission.EXECUTE, cache.admit(command(1, 5, 2), 5), "acknowledging frees room");
  }

  @Test
  void parkedCallsCountTowardTheOutstandingBound() {
    for (long seq = 1; seq <= 4; seq++) {
      cache.admit(command(1, seq, 0), 5);
      cache.recordParked(1, seq);
    }
    assertEquals(Admission.TOO_MANY_OUTSTANDING, cache.admit(command(1, 5, 0), 5));
  }

  @Test
  void aSessionSilentForLongerThanTheExpiryIsDropped() {
    execute(1, 1, 0, 10);
    assertEquals(List.of(), expired(110), "exactly the expiry is not longer than it");
    assertEquals(List.of(), expired(115), "scans run once per SCAN_EVERY_TICKS of the log clock");
    assertEquals(List.of(1L), expired(120));
    assertNull(cache.cached(1, 1));
    assertEquals(Admission.SESSION_EXPIRED, cache.peek(command(1, 2, 2)));
  }

  @Test
  void expiryDropsSessionsInOrderOfLastActivity() {
    execute(1, 1, 0, 10);
    execute(2, 1, 0, 20);
    execute(3, 1, 0, 30);
    execute(1, 2, 0, 40); // client 1 is now the most recently active

    assertEquals(List.of(2L), expired(125));
    assertEquals(List.of(3L), expired(135));
    assertEquals(List.of(1L), expired(145));
    assertEquals(0, cache.sessionCount());
  }

  @Test
  void aDuplicateKeepsTheSessionActive() {
    execute(1, 1, 0, 10);
    assertEquals(Admission.DUPLICATE, cache.admit(command(1, 1, 0), 90));
    assertEquals(List.of(), expired(150));
  }

  @Test
  void sessionsBeyondTheBoundEvictTheLeastRecentlyActive() {
    execute(1, 1, 0, 1);
    execute(2, 1, 0, 2);
    execute(3, 1, 0, 3);
    execute(1, 2, 0, 4);
    execute(4, 1, 0, 5);

    assertEquals(List.of(2L), expired(5));
    assertEquals(3, cache.sessionCount());
    assertEquals(Admission.SESSION_EXPIRED, cache.peek(command(2, 2, 2)));
    assertEquals(Admission.DUPLICATE, cache.peek(command(1, 2, 0)));
    assertEquals(Admission.DUPLICATE, cache.peek(command(3, 1, 0)));
  }

  @Test
  void expireWithinBoundsAndTimeDropsNothing() {
    execute(1, 1, 0, 1);
    execute(2, 1, 0, 2);
    assertEquals(List.of(), cache.expire(50));
    assertEquals(2, cache.sessionCount());
  }

  private List<Long> expired(long now) {
    return cache.expire(now).stream().map(ReplyCache.Expired::clientId).toList();
  }

  @Test
  void aKeepaliveSetsTheSessionsOwnExpiry() {
    execute(1, 1, 0, 10);
    cache.setExpiry(1, ReplyCache.EXPIRY_TICKS_MIN);
    assertEquals(List.of(1L), expired(10 + ReplyCache.EXPIRY_TICKS_MIN + 1));
  }

  @Test
  void anExpiredSessionReportsItsParkedCalls() {
    execute(1, 1, 0, 10);
    cache.admit(command(1, 2, 0), 10);
    cache.recordParked(1, 2);
    assertEquals(List.of(new ReplyCache.Expired(1, List.of(2L))), cache.expire(200));
  }
}
