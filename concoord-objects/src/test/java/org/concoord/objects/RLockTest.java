package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.concoord.objects.Calls.thrown;
import static org.concoord.objects.Calls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class RLockTest {
  private static final long ANN = 1;
  private static final long BOB = 2;

  private final ObjectHost host = new ObjectHost(RLock.class);

  @Test
  void theHolderReacquiresWithTheSameTokenAndCounts() {
    assertEquals(1L, ok(call(host, ANN, 1, "acquire")));
    assertEquals(1L, ok(call(host, ANN, 2, "acquire")));
    assertEquals(2L, ok(call(host, BOB, 1, "count")));
  }

  @Test
  void theLockPassesOnlyWhenEveryAcquireIsReleased() {
    call(host, ANN, 1, "acquire");
    call(host, ANN, 2, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    var first = call(host, ANN, 3, "release");
    assertEquals(1L, ok(first));
    assertEquals(List.of(), first.releases());
    var last = call(host, ANN, 4, "release");
    assertEquals(0L, ok(last), "the releasing client holds nothing more");
    assertEquals(2L, releasedTo(last, BOB));
    assertEquals(BOB, ok(call(host, ANN, 5, "holder")));
    assertEquals(1L, ok(call(host, BOB, 2, "count")), "a new holder starts at one");
  }

  @Test
  void releaseByANonHolderThrows() {
    call(host, ANN, 1, "acquire");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, BOB, 1, "release")));
    assertEquals(1L, ok(call(host, ANN, 2, "count")), "a refused release changes nothing");
  }

  @Test
  void sessionExpiryReleasesEveryAcquireOfTheHolderOnceEvenIfToldTwice() {
    call(host, ANN, 1, "acquire");
    call(host, ANN, 2, "acquire");
    call(host, ANN, 3, "acquire");
    parked(call(host, BOB, 1, "acquire"));
    var releases = host.sessionExpired(ANN);
    assertEquals(List.of(BOB), clients(releases));
    assertEquals(2L, unblocked(releases.get(0)));
    assertEquals(List.of(), host.sessionExpired(ANN));
    assertEquals(1L, ok(call(host, BOB, 2, "count")));
    assertEquals(0L, ok(call(host, BOB, 3, "release")));
    assertNull(ok(call(host, BOB, 4, "holder")));
  }
}
