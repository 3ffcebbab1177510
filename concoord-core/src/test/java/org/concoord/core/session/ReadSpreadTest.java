package org.concoord.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.session.SessionEffects.Complete;
import org.concoord.core.session.SessionEffects.Effect;
import org.concoord.core.session.SessionEffects.Move;
import org.concoord.core.session.SessionEffects.Send;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** Where the session's reads go (issue 20: sequential and bounded ones spread), input by input. */
class ReadSpreadTest {
  private static final long ID = 7;
  private static final NodeId A = NodeId.of("a:1");
  private static final NodeId B = NodeId.of("b:2");
  private static final NodeId C = NodeId.of("c:3");
  private static final Call GET = new Call("getvalue", ValueCodec.encodeArgs());
  private static final Call OTHER = new Call("size", ValueCodec.encodeArgs());
  private static final Call WRITE = new Call("increment", ValueCodec.encodeArgs());

  /** Request timeout 10 ticks, backoff 3 to 100, three hints at once. */
  private static final SessionConfig CONFIG = new SessionConfig(10, 0, 3, 100, 3, 0);

  private final SessionEffects out = new SessionEffects();
  private ClientSession session = confirmedOnAWithSidesBAndC(Set.of());

  /** On A, its session proven by a write's reply at slot 40, with B, C (and A) as sides. */
  private ClientSession confirmedOnAWithSidesBAndC(Set<Mutation> mutations) {
    ClientSession fresh = new ClientSession(ID, CONFIG, mutations);
    fresh.onConnected(A, out);
    for (NodeId side : List.of(B, A, C)) {
      fresh.onSideConnected(side); // A is the session's own: it takes one turn, not two
    }
    long write = fresh.start(WRITE, ReadMode.LINEARIZABLE, out);
    fresh.onReply(A, reply(write, Outcome.OK).atSlot(40), out);
    out.clear();
    return fresh;
  }

  private static ClientReply reply(long seq, Outcome outcome) {
    return new ClientReply(ID, seq, outcome, ValueCodec.encode(null), null);
  }

  private List<Send> sends() {
    List<Send> sends = new ArrayList<>();
    for (Effect effect : out.list()) {
      if (effect instanceof Send send) {
        sends.add(send);
      }
    }
    out.clear();
    return sends;
  }

  /** Starts a call and says where it went. */
  private NodeId send(Call call, ReadMode mode) {
    session.start(call, mode, out);
    List<Send> sends = sends();
    assertEquals(1, sends.size());
    assertEquals(40, sends.get(0).request().slotSeen(), "every request carries the slot seen");
    return sends.get(0).target();
  }

  @Test
  void sequentialAndBoundedReadsTakeTurnsOthersStayOnTheSessionsReplica() {
    assertEquals(
        List.of(A, B, C, A, B),
        List.of(
            send(GET, ReadMode.SEQUENTIAL),
            send(GET, ReadMode.bounded(300)),
            send(GET, ReadMode.SEQUENTIAL),
            send(GET, ReadMode.SEQUENTIAL),
            send(GET, ReadMode.SEQUENTIAL)));
    for (ReadMode mode : List.of(ReadMode.LINEARIZABLE, ReadMode.LEASE)) {
      assertEquals(A, send(GET, mode));
    }
    assertEquals(A, send(WRITE, ReadMode.LINEARIZABLE));
  }

  @Test
  void untilAReplyProvesTheSessionEveryReadGoesToTheSessionsReplica() {
    session = new ClientSession(ID, CONFIG, Set.of());
    session.onConnected(A, out);
    session.onSideConnected(B);
    for (int i = 0; i < 3; i++) {
      session.start(GET, ReadMode.SEQUENTIAL, out);
      assertEquals(A, sends().get(0).target(), "no side holds a session not yet proven");
    }
  }

  @Test
  void aSidesNotLeaderSendsTheReadToTheSessionsReplicaAndKeepsTheMethodThereAWhile() {
    send(GET, ReadMode.SEQUENTIAL); // A's turn
    long read = session.start(GET, ReadMode.SEQUENTIAL, out);
    assertEquals(B, sends().get(0).target());
    session.onReply(B, reply(read, Outcome.NOT_LEADER), out);
    List<Send> again = sends();
    assertEquals(A, again.get(0).target(), "the same read, to the session's replica");
    assertEquals(read, again.get(0).request().command().seq());
    assertEquals(A, session.replica(), "the session stays where it is");
    assertEquals(A, send(GET, ReadMode.SEQUENTIAL), "the refused method rests on A");
    assertEquals(C, send(OTHER, ReadMode.SEQUENTIAL), "other methods keep their turns");
    session.onTick(3, out); // the least backoff has passed
    assertEquals(A, send(GET, ReadMode.SEQUENTIAL));
    assertEquals(B, send(GET, ReadMode.SEQUENTIAL));
    session.onReply(A, reply(read, Outcome.OK).atSlot(41), out);
    assertEquals(new Complete(read, reply(read, Outcome.OK).atSlot(41)), out.list().get(0));
  }

  @Test
  void aSideThatLeavesAReadUnansweredRestsAndTheSessionDoesNotMove() {
    long first = session.start(GET, ReadMode.SEQUENTIAL, out);
    long read = session.start(GET, ReadMode.SEQUENTIAL, out);
    assertEquals(List.of(A, B), sends().stream().map(Send::target).toList());
    session.onReply(A, reply(first, Outcome.OK), out); // A answers its own
    out.clear();
    session.onTick(11, out);
    List<Effect> effects = List.copyOf(out.list());
    assertTrue(effects.stream().noneMatch(e -> e instanceof Move), effects.toString());
    List<Send> again = sends();
    assertEquals(List.of(A), again.stream().map(Send::target).toList());
    assertEquals(read, again.get(0).request().command().seq());
    List<NodeId> turns =
        List.of(
            send(OTHER, ReadMode.SEQUENTIAL),
            send(OTHER, ReadMode.SEQUENTIAL),
            send(OTHER, ReadMode.SEQUENTIAL));
    assertTrue(!turns.contains(B) && turns.contains(A) && turns.contains(C), "B rests: " + turns);
    for (long seq = 1; seq <= read + 3; seq++) {
      session.onReply(A, reply(seq, Outcome.OK), out); // nothing left to time out
    }
    session.onTick(111, out); // the backoff's most later
    assertEquals(0, session.outstandingCount());
    out.clear();
    assertTrue(
        List.of(
                send(OTHER, ReadMode.SEQUENTIAL),
                send(OTHER, ReadMode.SEQUENTIAL),
                send(OTHER, ReadMode.SEQUENTIAL))
            .contains(B),
        "B takes turns again");
  }

  @Test
  void aLostSideSendsItsReadsOnAndTakesNoMoreTurns() {
    send(GET, ReadMode.SEQUENTIAL); // A
    long read = session.start(GET, ReadMode.SEQUENTIAL, out);
    assertEquals(B, sends().get(0).target());
    session.onSideLost(B, out);
    Send again = sends().get(0);
    assertEquals(read, again.request().command().seq());
    assertTrue(!again.target().equals(B));
    for (int i = 0; i < 4; i++) {
      assertTrue(!send(GET, ReadMode.SEQUENTIAL).equals(B), "B is no side now");
    }
  }

  @Test
  void aSidesAnswerCompletesTheCallAndRaisesTheSlotSeen() {
    send(GET, ReadMode.SEQUENTIAL); // A
    long read = session.start(GET, ReadMode.SEQUENTIAL, out);
    sends();
    session.onReply(B, reply(read, Outcome.OK).atSlot(45), out);
    assertEquals(read, ((Complete) out.list().get(0)).id());
    out.clear();
    session.start(WRITE, ReadMode.LINEARIZABLE, out);
    assertEquals(45, sends().get(0).request().slotSeen());
  }

  @Test
  void theMutationSendsSpreadReadsWithoutTheSlotSeen() {
    session = confirmedOnAWithSidesBAndC(Set.of(Mutation.CLIENT_SPREAD_WITHOUT_SLOT_SEEN));
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      session.start(GET, ReadMode.SEQUENTIAL, out);
      seen.add(sends().get(0).request().slotSeen());
    }
    assertEquals(List.of(40L, 0L, 0L), seen, "A's turn keeps it, the sides' lose it");
  }
}
