package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.concoord.objects.Calls.thrown;
import static org.concoord.objects.Calls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class ReadWriteLockTest {
  private final ObjectHost host = new ObjectHost(ReadWriteLock.class);

  @Test
  void manyReadersHoldTogetherEachWithItsOwnToken() {
    assertEquals(1L, ok(call(host, 1, 1, "acquireRead")));
    assertEquals(2L, ok(call(host, 2, 1, "acquireRead")));
    assertEquals(List.of(1L, 2L), ok(call(host, 3, 1, "readers")));
  }

  @Test
  void aWriterWaitsForTheReadersAndExcludesEveryone() {
    call(host, 1, 1, "acquireRead");
    parked(call(host, 2, 1, "acquireWrite"));
    assertEquals(2L, releasedTo(call(host, 1, 2, "releaseRead"), 2));
    parked(call(host, 3, 1, "acquireRead"));
    parked(call(host, 4, 1, "acquireWrite"));
    assertEquals(3L, releasedTo(call(host, 2, 2, "releaseWrite"), 3));
  }

  @Test
  void aWaitingWriterHoldsOffNewReaders() {
    call(host, 1, 1, "acquireRead");
    parked(call(host, 2, 1, "acquireWrite"));
    parked(call(host, 3, 1, "acquireRead"));
    assertEquals(2L, releasedTo(call(host, 1, 2, "releaseRead"), 2), "the writer goes first");
    assertEquals(3L, releasedTo(call(host, 2, 2, "releaseWrite"), 3));
  }

  @Test
  void allReadersQueuedAheadOfTheNextWriterAreGrantedTogether() {
    call(host, 1, 1, "acquireWrite");
    parked(call(host, 2, 1, "acquireRead"));
    parked(call(host, 3, 1, "acquireRead"));
    parked(call(host, 4, 1, "acquireWrite"));
    parked(call(host, 5, 1, "acquireRead"));
    var released = call(host, 1, 2, "releaseWrite").releases();
    assertEquals(List.of(2L, 3L), clients(released));
    assertEquals(List.of(2L, 3L), List.of(unblocked(released.get(0)), unblocked(released.get(1))));
    call(host, 2, 2, "releaseRead");
    assertEquals(
        List.of(4L),
        clients(call(host, 3, 2, "releaseRead").releases()),
        "the next writer, not the reader behind it");
  }

  @Test
  void releasingWhatTheCallerDoesNotHoldThrows() {
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 1, 1, "releaseRead")));
    call(host, 1, 2, "acquireRead");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 1, 3, "releaseWrite")));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 1, 4, "acquireWrite")));
    call(host, 2, 1, "acquireRead");
    assertEquals(
        "java.lang.IllegalStateException",
        thrown(call(host, 2, 2, "acquireRead")),
        "holding twice");
  }

  @Test
  void sessionExpiryOfTheWriterGrantsTheWaitingReaders() {
    call(host, 1, 1, "acquireWrite");
    parked(call(host, 2, 1, "acquireRead"));
    parked(call(host, 3, 1, "acquireRead"));
    assertEquals(List.of(2L, 3L), clients(host.sessionExpired(1)));
    assertEquals(null, ok(call(host, 9, 1, "writer")));
  }

  @Test
  void anExpiredWaitingWriterNoLongerHoldsOffReaders() {
    call(host, 1, 1, "acquireRead");
    parked(call(host, 2, 1, "acquireWrite"));
    parked(call(host, 3, 1, "acquireRead"));
    assertEquals(List.of(3L), clients(host.sessionExpired(2)));
  }

  @Test
  void anExpiredWritersHoldAndWaitsAreDroppedOnceEvenIfToldTwice() {
    call(host, 1, 1, "acquireWrite");
    parked(call(host, 2, 1, "acquireWrite"));
    parked(call(host, 3, 1, "acquireRead"));
    assertEquals(List.of(), host.sessionExpired(2));
    assertEquals(List.of(3L), clients(host.sessionExpired(1)));
    assertEquals(List.of(), host.sessionExpired(1));
    assertEquals(List.of(3L), ok(call(host, 9, 1, "readers")));
    assertEquals(3L, ok(call(host, 4, 1, "acquireRead")));
  }
}
