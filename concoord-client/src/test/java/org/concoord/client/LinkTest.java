package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ReadMode;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * The link's own bounds, without a network (never started): room among the outstanding calls,
 * deadlines, close. The session's rules are the core's ClientSessionTest.
 */
class LinkTest {
  private static final Call CALL = new Call("increment", ValueCodec.encodeArgs());

  private static Link link(String bootstrap, ClientOptions options) {
    List<NodeId> nodes = Arrays.stream(bootstrap.split(",")).map(NodeId::of).toList();
    return new Link(7, new StaticBootstrap(nodes), options); // in this order, for the messages
  }

  private static PendingCall submit(Link link, long timeoutMillis) {
    return link.submit(
        CALL,
        ReadMode.LINEARIZABLE,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
  }

  @Test
  void seqsStartAtOneAndGrowByOne() {
    Link link = link("a:1", ClientOptions.defaults());
    assertEquals(1, submit(link, 60_000).seq);
    assertEquals(2, submit(link, 60_000).seq);
  }

  @Test
  void submitBeyondTheOutstandingBoundWaitsUntilItsDeadlineThenTimesOut() {
    Link bounded = link("a:1", ClientOptions.defaults().withOutstandingMax(1));
    submit(bounded, 60_000);
    long started = System.nanoTime();
    ConcoordTimeoutException e =
        assertThrows(ConcoordTimeoutException.class, () -> submit(bounded, 200));
    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(190));
    assertTrue(e.getMessage().contains("1 outstanding requests"), e.getMessage());
    assertTrue(e.getMessage().contains("a:1"), e.getMessage());
  }

  @Test
  void overdueCallsFailWithATimeoutNamingTheBootstrapAndTheWait() {
    Link quick = link("a:1,b:2", ClientOptions.defaults().withCallTimeout(Duration.ofMillis(250)));
    long now = System.nanoTime();
    PendingCall call = submit(quick, 250);
    quick.expireOverdue(now + TimeUnit.MILLISECONDS.toNanos(100));
    assertFalse(call.reply.isDone());
    quick.expireOverdue(now + TimeUnit.MILLISECONDS.toNanos(400));
    CompletionException e = assertThrows(CompletionException.class, call.reply::join);
    assertTrue(
        e.getCause().getMessage().contains("250 ms from bootstrap a:1,b:2"),
        e.getCause().getMessage());
    assertTrue(
        e.getCause().getMessage().contains("0 attempt(s), none sent"), e.getCause().getMessage());
    assertEquals(0, quick.outstanding());
  }

  @Test
  void closeFailsEverythingOutstandingAndRefusesMore() {
    Link link = link("a:1", ClientOptions.defaults());
    PendingCall call = submit(link, 60_000);
    link.close();
    assertThrows(CompletionException.class, call.reply::join);
    assertThrows(ConcoordException.class, () -> submit(link, 60_000));
  }
}
