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

class FencedLockTest {
  private static final long ANN = 1;
  private static final long BOB = 2;
  private static final long CAT = 3;

  private final ObjectHost host = new ObjectHost(FencedLock.class);

  @Test
  void aFreeLockIsGrantedAtOnceWithTokenOne() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    assertEquals(ANN, ok(call(host, BOB, 1, "holder")));
    assertEquals(1L, ok(call(host, BOB, 2, "token")));
  }

  @Test
  void releaseHandsTheLockToWaitersInArrivalOrderWithGrowingTokens() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, CAT, 1, "acquire"));
    assertEquals(2L, releasedTo(call(host, ANN, 2, "release"), BOB));
    assertEquals(3L, releasedTo(call(host, BOB, 2, "release"), CAT));
    assertEquals(List.of(), call(host, CAT, 2, "release").releases());
    assertNull(ok(call(host, ANN, 3, "holder")));
    assertEquals(4L, ok(call(host, ANN, 4, "acquire")));
  }

  @Test
  void reacquiringAndReleasingByANonHolderThrow() {
    call(host, ANN, 1, "acquire");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, ANN, 2, "acquire")));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, BOB, 1, "release")));
    assertEquals(ANN, ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void anExpiredHoldersLockPassesToTheNextWaiter() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    assertEquals(2L, releasedTo(host.sessionExpired(ANN), BOB));
    assertEquals(BOB, ok(call(host, CAT, 1, "holder")));
  }

  @Test
  void anExpiredWaiterIsDroppedAndNeverGranted() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, CAT, 1, "acquire"));
    assertEquals(List.of(), host.sessionExpired(BOB));
    assertEquals(2L, releasedTo(call(host, ANN, 2, "release"), CAT));
  }

  @Test
  void beingToldOfAnExpiryTwiceChangesNothingTheSecondTime() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, CAT, 1, "acquire"));
    host.sessionExpired(ANN);
    FencedLock lock = (FencedLock) host.instance();
    assertEquals(List.of(), host.sessionExpired(ANN));
    assertEquals(BOB, lock.holder());
    assertEquals(2L, lock.token());
  }

  @Test
  void aRetriedAcquireIsQueuedOnceAndGrantedOnce() {
    call(host, ANN, 1, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    parked(call(host, BOB, 1, "acquire")); // the same call executed again
    assertEquals(List.of(BOB), clients(call(host, ANN, 2, "release")));
    assertEquals(List.of(), call(host, BOB, 2, "release").releases());
    assertNull(ok(call(host, CAT, 1, "holder")));
  }
}
