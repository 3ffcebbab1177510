package org.concoord.core.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.DurableWrite.PromiseWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Effects.Send;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.junit.jupiter.api.Test;

/** A read index round at the acceptor: confirmed only while nothing above is promised. */
class AcceptorReadCheckTest {
  private static final NodeId OTHER = NodeId.of("r2");
  private final Effects effects = new Effects();

  private List<Message> sent() {
    return effects.list().stream()
        .filter(Send.class::isInstance)
        .map(e -> ((Send) e).message())
        .toList();
  }

  @Test
  void aRoundOfThePromisedBallotIsConfirmedAndWritesNothing() {
    Acceptor acceptor = AcceptorTest.acceptorWith(new PromiseWrite(AcceptorTest.B2));
    acceptor.onMessage(AcceptorTest.LEADER, new ReadCheck(AcceptorTest.B2, 4), effects);
    assertEquals(List.of(new ReadConfirm(AcceptorTest.B2, 4)), sent());
    assertEquals(sent().size(), effects.list().size(), "no durable write");
  }

  @Test
  void aRoundAboveThePromiseIsConfirmedWithoutRaisingIt() {
    Acceptor acceptor = AcceptorTest.acceptorWith(new PromiseWrite(AcceptorTest.B1));
    acceptor.onMessage(AcceptorTest.LEADER, new ReadCheck(AcceptorTest.B2, 1), effects);
    assertEquals(List.of(new ReadConfirm(AcceptorTest.B2, 1)), sent());
    assertEquals(AcceptorTest.B1, acceptor.promised());
  }

  @Test
  void aRoundBelowThePromiseIsPreempted() {
    Ballot higher = new Ballot(3, OTHER);
    Acceptor acceptor = AcceptorTest.acceptorWith(new PromiseWrite(higher));
    acceptor.onMessage(AcceptorTest.LEADER, new ReadCheck(AcceptorTest.B2, 1), effects);
    assertEquals(List.of(new Preempted(AcceptorTest.B2, higher)), sent());
  }

  @Test
  void aRoundForAnotherLeadersBallotIsDropped() {
    Acceptor acceptor = AcceptorTest.acceptorWith(new PromiseWrite(AcceptorTest.B1));
    acceptor.onMessage(OTHER, new ReadCheck(AcceptorTest.B2, 1), effects);
    assertEquals(List.of(), sent());
  }
}
