package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.releasedTo;
import static org.concoord.core.sync.SyncCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class FencedReadWriteLockTest {
  private final ObjectHost host = new ObjectHost(FencedReadWriteLock.class);

  @Test
  void readersShareAndAWaitingWriterHoldsOffNewReaders() {
    assertEquals(1L, ok(call(host, 1, 1, "acquireRead")));
    assertEquals(2L, ok(call(host, 2, 1, "acquireRead")));
    parked(call(host, 3, 1, "acquireWrite"));
    parked(call(host, 4, 1, "acquireRead"));
    assertEquals(List.of(), call(host, 1, 2, "releaseRead").releases());
    assertEquals(3L, releasedTo(call(host, 2, 2, "releaseRead"), 3));
    assertEquals(3L, ok(call(host, 9, 1, "writer")));
    assertEquals(4L, releasedTo(call(host, 3, 2, "releaseWrite"), 4));
    assertEquals(List.of(4L), ok(call(host, 9, 2, "readers")));
  }

  @Test
  void afterAWriterEveryReaderAheadOfTheNextWriterIsGrantedTogether() {
    call(host, 1, 1, "acquireWrite");
    parked(call(host, 2, 1, "acquireRead"));
    parked(call(host, 3, 1, "acquireRead"));
    parked(call(host, 4, 1, "acquireWrite"));
    parked(call(host, 5, 1, "acquireRead"));
    assertEquals(List.of(2L, 3L), clients(call(host, 1, 2, "releaseWrite")));
    call(host, 2, 2, "releaseRead");
    assertEquals(List.of(4L), clients(call(host, 3, 2, "releaseRead")));
  }

  @Test
  void anExpiredClientDropsItsHoldAndWaitingRequests() {
    call(host, 1, 1, "acquireWrite");
    parked(call(host, 2, 1, "acquireWrite"));
    parked(call(host, 3, 1, "acquireRead"));
    assertEquals(List.of(), host.sessionExpired(2));
    assertEquals(List.of(3L), clients(host.sessionExpired(1)));
    assertEquals(List.of(), host.sessionExpired(1));
    assertEquals(List.of(3L), ok(call(host, 9, 1, "readers")));
    assertEquals(3L, ok(call(host, 4, 1, "acquireRead")));
  }

  @Test
  void holdingTwiceOrReleasingWhatIsNotHeldThrows() {
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 1, 1, "releaseRead")));
    call(host, 1, 2, "acquireWrite");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 1, 3, "acquireRead")));
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 2, 1, "releaseWrite")));
  }
}
