package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.releasedTo;
import static org.concoord.core.sync.SyncCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class FencedConditionTest {
  private static final long ANN = 1;
  private static final long BOB = 2;
  private static final long CAT = 3;

  private final ObjectHost host = new ObjectHost(FencedCondition.class);

  @Test
  void awaitReleasesTheLockAndReturnsWithANewTokenOnceSignalledAndHandedBack() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    parked(call(host, BOB, 1, "acquire"));
    var await = call(host, ANN, 2, "await");
    assertEquals(2L, releasedTo(await, BOB), "the await hands the lock to the next in line");
    assertEquals(1L, ok(call(host, BOB, 2, "signal", 1)));
    assertEquals(3L, releasedTo(call(host, BOB, 3, "release"), ANN));
    assertEquals(ANN, ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void signalMovesAtMostNAwaitersAndSignalAllTheRest() {
    for (long client : List.of(ANN, BOB, CAT)) {
      call(host, client, 1, "acquire");
      call(host, client, 2, "await");
    }
    call(host, 9, 1, "acquire");
    assertEquals(3L, ok(call(host, 9, 2, "awaiting")));
    assertEquals(1L, ok(call(host, 9, 3, "signal", 1)));
    assertEquals(2L, ok(call(host, 9, 4, "signalAll")));
    assertEquals(0L, ok(call(host, 9, 5, "signalAll")));
    assertEquals(List.of(ANN), clients(call(host, 9, 6, "release")));
  }

  @Test
  void onlyTheHolderAwaitsOrSignals() {
    assertEquals("java.lang.IllegalStateException", thrown(call(host, ANN, 1, "await")));
    call(host, BOB, 1, "acquire");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, ANN, 2, "signalAll")));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, BOB, 2, "acquire")));
  }

  @Test
  void anExpiredClientLeavesBothQueuesAndHandsOverTheLock() {
    call(host, ANN, 1, "acquire");
    call(host, ANN, 2, "await"); // ANN awaits
    call(host, BOB, 1, "acquire");
    parked(call(host, CAT, 1, "acquire"));
    assertEquals(List.of(), host.sessionExpired(ANN));
    assertEquals(0L, ok(call(host, 9, 1, "awaiting")));
    assertEquals(3L, releasedTo(host.sessionExpired(BOB), CAT));
    assertEquals(List.of(), host.sessionExpired(BOB));
    assertEquals(0L, ok(call(host, CAT, 2, "signalAll")));
    ok(call(host, CAT, 3, "release"));
    assertNull(ok(call(host, 9, 2, "holder")));
  }
}
