package org.concoord.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.session.SessionEffects.Complete;
import org.concoord.core.session.SessionEffects.Effect;
import org.concoord.core.session.SessionEffects.Fail;
import org.concoord.core.session.SessionEffects.Move;
import org.concoord.core.session.SessionEffects.Send;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The client's half of exactly-once and of leader following, input by input. */
class ClientSessionTest {
  private static final long ID = 7;
  private static final NodeId A = NodeId.of("a:1");
  private static final NodeId B = NodeId.of("b:2");
  private static final Call CALL = new Call("increment", ValueCodec.encodeArgs());

  /** Request timeout 10 ticks, backoff 3 to 100, three hints at once. */
  private static final SessionConfig CONFIG = new SessionConfig(10, 0, 3, 100, 3, 0);

  private final SessionEffects out = new SessionEffects();
  private ClientSession session = on(Set.of());

  private ClientSession on(Set<Mutation> mutations) {
    ClientSession fresh = new ClientSession(ID, CONFIG, mutations);
    fresh.onConnected(A, out);
    return fresh;
  }

  private List<Effect> drain() {
    List<Effect> effects = List.copyOf(out.list());
    out.clear();
    return effects;
  }

  private long start() {
    return session.start(CALL, ReadMode.LINEARIZABLE, out);
  }

  private static ClientReply reply(long seq, Outcome outcome) {
    return new ClientReply(ID, seq, outcome, ValueCodec.encode(null), null);
  }

  private static ClientReply expired(long seq) {
    return new ClientReply(
        ID,
        seq,
        Outcome.REJECTED,
        Refusal.encode(Reason.SESSION_EXPIRED, "client session expired"),
        null);
  }

  private static ClientRequest sent(Effect effect) {
    return ((Send) effect).request();
  }

  @Test
  void seqsStartAtOneAndEveryCallIsSentAtOnceWithItsReadModeAndTheSlotSeen() {
    assertEquals(1, start());
    session.onReply(A, reply(1, Outcome.OK).atSlot(42), out);
    session.onReply(A, reply(9, Outcome.OK).atSlot(17), out); // older: the slot never goes back
    drain();
    assertEquals(2, session.start(CALL, ReadMode.SEQUENTIAL, out));
    ClientRequest request = sent(drain().get(0));
    assertEquals(2, request.command().seq());
    assertEquals(ReadMode.SEQUENTIAL, request.read());
    assertEquals(42, request.slotSeen());
    assertTrue(request.hasReadOptions(), "a client of issue 20 always says it reads slots");
  }

  @Test
  void ackedBelowIsOneUntilAReplyFromExecutionProvesTheSession() {
    long first = start();
    long second = start();
    session.onReply(A, reply(first, Outcome.NOT_LEADER), out); // proves nothing
    assertEquals(1, session.ackedBelow(second));
    session = on(Set.of());
    first = start();
    second = start();
    session.onReply(A, reply(first, Outcome.BLOCKED), out); // parked: the session exists
    assertEquals(1, session.ackedBelow(second)); // first still outstanding
    session.onReply(A, reply(first, Outcome.UNBLOCKED), out);
    assertEquals(2, session.ackedBelow(second));
  }

  @Test
  void ackedBelowIsTheLowestOutstandingSeqNeverAboveTheRequestsOwn() {
    long first = start();
    long second = start();
    long third = start();
    session.onReply(A, reply(second, Outcome.OK), out);
    assertEquals(1, session.ackedBelow(third)); // seq 1 still outstanding: its reply is not held
    session.onReply(A, reply(first, Outcome.OK), out);
    assertEquals(3, session.ackedBelow(third));
    assertEquals(2, session.ackedBelow(2));
    session.onReply(A, reply(third, Outcome.OK), out);
    assertEquals(4, session.ackedBelow(4)); // nothing outstanding: everything below is held
  }

  @Test
  void aFinalReplyCompletesItsCallOnceWhicheverConnectionItCameOn() {
    long call = start();
    drain();
    session.onReply(null, reply(call, Outcome.OK), out); // an old connection's
    assertEquals(List.of(new Complete(call, reply(call, Outcome.OK))), drain());
    session.onReply(A, reply(call, Outcome.OK), out);
    assertTrue(drain().isEmpty());
    session.onReply(A, new ClientReply(ID + 1, 2, Outcome.OK, new byte[0], null), out);
    assertTrue(drain().isEmpty(), "another client's reply completes nothing");
  }

  @Test
  void anExpiredSessionStartsANewOneAndFailsTheOlderOutstandingCalls() {
    long old = start();
    long rejected = start();
    session.onReply(A, reply(old, Outcome.BLOCKED), out);
    drain();
    session.onReply(A, expired(rejected), out);
    List<Effect> effects = drain();
    assertEquals(2, effects.size());
    assertEquals(old, ((Fail) effects.get(0)).id());
    assertEquals(SessionEffects.Failure.SESSION_EXPIRED, ((Fail) effects.get(0)).failure());
    assertEquals(rejected, ((Complete) effects.get(1)).id()); // its own reply completes it
    long fresh = start();
    ClientCommand first = sent(drain().get(0)).command();
    assertEquals(1, first.ackedBelow(), "a new session starts at 1");
    // Under a new id: a request of the old session still queued at a replica (ackedBelow 2 or
    // more) is then refused as expired, never run again in the new one (seed 89400335 --named).
    assertNotEquals(ID, first.clientId());
    assertEquals(first.clientId(), session.clientId());
    session.onReply(A, reply(old, Outcome.OK), out); // a late reply of the old session
    assertEquals(1, session.ackedBelow(fresh), "proves nothing of the new one");
    session.onReply(A, expired(rejected), out); // the same news again changes nothing
    assertTrue(drain().isEmpty());
    assertEquals(first.clientId(), session.clientId(), "one new id per expiry");
  }

  @Test
  void notLeaderWithAHintMovesThereAtOnceAndEveryCallIsResentWithItsSeq() {
    long first = start();
    long second = start();
    drain();
    session.onReply(A, new ClientReply(ID, first, Outcome.NOT_LEADER, new byte[0], B), out);
    assertEquals(List.of(new Move(B, "a:1 is not the leader; it names b:2")), drain());
    assertNull(session.replica());
    long third = start(); // while moving: waits
    assertTrue(drain().isEmpty());
    session.onConnected(B, out);
    List<Long> seqs = drain().stream().map(e -> sent(e).command().seq()).toList();
    assertEquals(List.of(first, second, third), seqs);
    assertTrue(drain().isEmpty());
  }

  @Test
  void notLeaderWithoutAHintMovesAfterTheBackoffAndFailoversInARowBackOffMore() {
    start();
    drain();
    session.onReply(A, new ClientReply(ID, 1, Outcome.NOT_LEADER, new byte[0], A), out);
    assertTrue(drain().isEmpty(), "naming itself is no hint: wait the least backoff");
    session.onTick(2, out);
    assertTrue(drain().isEmpty());
    session.onTick(3, out);
    assertEquals(new Move(null, "a:1 is not the leader and knows none"), drain().get(0));
    session.onConnected(B, out);
    drain();
    session.onDisconnected("reset", out); // the second in a row: 3 ticks
    session.onTick(5, out);
    assertTrue(drain().isEmpty());
    session.onTick(6, out);
    assertEquals(new Move(null, "reset"), drain().get(0));
    assertEquals(0, CONFIG.backoffTicks(0, false));
    assertEquals(0, CONFIG.backoffTicks(2, true));
    assertEquals(6, CONFIG.backoffTicks(2, false));
    assertEquals(12, CONFIG.backoffTicks(3, true));
    assertEquals(100, CONFIG.backoffTicks(50, true));
  }

  @Test
  void anyReplyButNotLeaderFromTheReplicaResetsTheBackoff() {
    start();
    session.onDisconnected("reset", out);
    session.onConnected(B, out);
    session.onReply(B, reply(1, Outcome.OK), out);
    drain();
    start();
    session.onDisconnected("reset again", out);
    assertEquals(new Move(null, "reset again"), drain().get(1), "no backoff after a served call");
  }

  @Test
  void anAttemptWithoutAReplyForTheRequestTimeoutMovesButAParkedOneWaits() {
    long parked = start();
    session.onReply(A, reply(parked, Outcome.BLOCKED), out);
    drain();
    session.onTick(50, out);
    assertTrue(drain().isEmpty(), "a parked call has no request timeout");
    start();
    session.onTick(60, out);
    assertTrue(drain().stream().noneMatch(e -> e instanceof Move));
    session.onTick(61, out);
    assertEquals(
        new Move(null, "no reply to 'increment' #2 from a:1 within 10 ticks"), drain().get(0));
    session.onConnected(B, out);
    assertEquals(2, drain().size(), "the parked call is resent too: B must park it again");
    assertEquals("2 attempt(s), last to b:2", session.describe(parked));
  }

  @Test
  void withParkedResendsAParkedCallIsAskedAgainOnItsReplica() {
    session = new ClientSession(ID, new SessionConfig(10, 0, 3, 100, 3, 20), Set.of());
    session.onConnected(A, out);
    long parked = start();
    session.onReply(A, reply(parked, Outcome.BLOCKED), out);
    drain();
    session.onTick(20, out);
    assertTrue(drain().isEmpty());
    session.onTick(21, out);
    ClientRequest again = sent(drain().get(0));
    assertEquals(parked, again.command().seq());
    assertEquals(1, again.command().ackedBelow(), "the same request");
  }

  @Test
  void unreachableFailsEveryCallAndTheNextCallAsksForAReplica() {
    long call = start();
    session.onDisconnected("reset", out);
    drain();
    session.onUnreachable("no node accepted", out);
    assertEquals(
        List.of(new Fail(call, SessionEffects.Failure.UNAVAILABLE, "no node accepted")), drain());
    assertEquals(0, session.outstandingCount());
    start();
    assertEquals(new Move(null, "not on any replica"), drain().get(0));
  }

  @Test
  void anAbandonedCallIsForgottenAndNamedByNoEffect() {
    long call = start();
    assertTrue(session.abandon(call));
    assertFalse(session.abandon(call));
    drain();
    session.onReply(A, reply(call, Outcome.OK), out);
    assertTrue(drain().isEmpty());
    assertNull(session.describe(call));
  }

  // ---- the mutations the simulator must catch ------------------------------------------------

  @Test
  void theMutationsBreakWhatTheyNameAndNothingElse() {
    session = on(EnumSet.of(Mutation.CLIENT_RESEND_NEW_SEQ));
    long call = start();
    session.onDisconnected("reset", out);
    session.onConnected(B, out);
    List<Effect> effects = drain();
    assertEquals(
        List.of(1L, 2L),
        effects.stream().filter(e -> e instanceof Send).map(e -> sent(e).command().seq()).toList());
    session.onReply(B, reply(2, Outcome.OK), out);
    assertEquals(call, ((Complete) drain().get(0)).id(), "the driver still knows it by its id");

    session = on(EnumSet.of(Mutation.CLIENT_ACKS_PAST_OUTSTANDING));
    long first = start();
    session.onReply(A, reply(start(), Outcome.OK), out); // confirmed
    assertEquals(first + 2, session.ackedBelow(start()), "past the outstanding first call");

    session = on(EnumSet.of(Mutation.CLIENT_CONFIRMS_EARLY));
    session.onReply(A, reply(start(), Outcome.OK), out);
    session.onReply(A, expired(start()), out);
    long fresh = start();
    assertEquals(fresh, session.ackedBelow(fresh), "a new session taken as confirmed");
  }
}
