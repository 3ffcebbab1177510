package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.concoord.core.command.Call;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The client's half of exactly-once, without a network: seqs, ackedBelow, sessions, bounds. */
class CallTableTest {
  private static final Call CALL = new Call("increment", ValueCodec.encodeArgs());

  private final CallTable table = new CallTable(7, "a:1", ClientOptions.defaults());

  private PendingCall register() {
    long now = System.nanoTime();
    return table.register(CALL, now, now + TimeUnit.SECONDS.toNanos(60));
  }

  private static ClientReply ok(long seq) {
    return new ClientReply(7, seq, Outcome.OK, ValueCodec.encode(null), null);
  }

  @Test
  void everyFrameCarriesItsReadModeAndTheHighestSlotSeen() {
    long now = System.nanoTime();
    PendingCall sequential = table.register(CALL, org.concoord.core.command.ReadMode.SEQUENTIAL,
        now, now + TimeUnit.SECONDS.toNanos(60));
    PendingCall plain = register();
    table.sawSlot(42);
    table.sawSlot(17); // an older reply: the slot seen never goes back
    var decoded = org.concoord.core.codec.MessageCodec.decode(table.frame(sequential));
    var request = (org.concoord.core.message.ClientRequest)
        ((org.concoord.core.codec.Decoded.Ok<?>) decoded).value();
    assertEquals(org.concoord.core.command.ReadMode.SEQUENTIAL, request.read());
    assertEquals(42, request.slotSeen());
    var other = (org.concoord.core.message.ClientRequest)
        ((org.concoord.core.codec.Decoded.Ok<?>) org.concoord.core.codec.MessageCodec.decode(
            table.frame(plain))).value();
    assertEquals(org.concoord.core.command.ReadMode.LINEARIZABLE, other.read());
    assertTrue(other.hasReadOptions(), "a client of issue 20 always says it reads slots");
  }

  @Test
  void seqsStartAtOneAndGrowByOne() {
    assertEquals(1, register().seq);
    assertEquals(2, register().seq);
    assertEquals(3, register().seq);
  }

  @Test
  void ackedBelowIsOneUntilAReplyProvesTheSessionExists() {
    PendingCall first = register();
    PendingCall second = register();
    table.finish(ok(first.seq)); // a final reply, but nobody told the table it came from execution
    assertEquals(1, table.ackedBelow(second.seq));
    table.confirmSession(first.seq);
    assertEquals(2, table.ackedBelow(second.seq));
  }

  @Test
  void ackedBelowIsTheLowestOutstandingSeqNeverAboveTheRequestsOwn() {
    PendingCall first = register();
    PendingCall second = register();
    PendingCall third = register();
    table.confirmSession(first.seq);
    table.finish(ok(second.seq));
    assertEquals(1, table.ackedBelow(third.seq)); // seq 1 still outstanding: its reply is not held
    table.finish(ok(first.seq));
    assertEquals(3, table.ackedBelow(third.seq));
    table.finish(ok(third.seq));
    assertEquals(4, table.ackedBelow(4)); // nothing outstanding: everything below is held
  }

  @Test
  void aDuplicateFinalReplyCompletesNothing() {
    PendingCall call = register();
    assertTrue(table.finish(ok(call.seq)));
    assertFalse(table.finish(ok(call.seq)));
    assertTrue(table.isEmpty());
  }

  @Test
  void expiredSessionStartsANewOneAndFailsTheOlderOutstandingCalls() {
    PendingCall old = register();
    PendingCall rejected = register();
    table.confirmSession(old.seq);
    table.sessionExpired(rejected.seq);
    PendingCall fresh = register();
    assertEquals(1, table.ackedBelow(fresh.seq)); // a new session must start at ackedBelow 1
    CompletionException e = assertThrows(CompletionException.class, old.reply::join);
    assertTrue(e.getCause() instanceof ConcoordRejectedException, e.toString());
    assertFalse(rejected.reply.isDone()); // its own REJECTED reply completes it
    table.confirmSession(old.seq); // a late reply of the old session proves nothing
    assertEquals(1, table.ackedBelow(fresh.seq));
  }

  @Test
  void registerBeyondTheOutstandingBoundWaitsUntilItsDeadlineThenTimesOut() {
    CallTable bounded = new CallTable(7, "a:1", ClientOptions.defaults().withOutstandingMax(1));
    long now = System.nanoTime();
    bounded.register(CALL, now, now + TimeUnit.SECONDS.toNanos(60));
    long started = System.nanoTime();
    ConcoordTimeoutException e = assertThrows(ConcoordTimeoutException.class,
        () -> bounded.register(CALL, started, started + TimeUnit.MILLISECONDS.toNanos(200)));
    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(190));
    assertTrue(e.getMessage().contains("1 outstanding requests"), e.getMessage());
    assertTrue(e.getMessage().contains("a:1"), e.getMessage());
  }

  @Test
  void overdueCallsFailWithATimeoutNamingTheBootstrapAndTheWait() {
    CallTable quick = new CallTable(7, "a:1,b:2",
        ClientOptions.defaults().withCallTimeout(Duration.ofMillis(250)));
    long now = System.nanoTime();
    PendingCall call = quick.register(CALL, now, now + TimeUnit.MILLISECONDS.toNanos(250));
    quick.expireOverdue(now + TimeUnit.MILLISECONDS.toNanos(100));
    assertFalse(call.reply.isDone());
    quick.expireOverdue(now + TimeUnit.MILLISECONDS.toNanos(250));
    CompletionException e = assertThrows(CompletionException.class, call.reply::join);
    assertTrue(e.getCause().getMessage().contains("250 ms from bootstrap a:1,b:2"),
        e.getCause().getMessage());
  }

  @Test
  void closeFailsEverythingOutstandingAndRefusesMore() {
    PendingCall call = register();
    table.close();
    assertThrows(CompletionException.class, call.reply::join);
    assertThrows(ConcoordException.class, this::register);
  }
}
