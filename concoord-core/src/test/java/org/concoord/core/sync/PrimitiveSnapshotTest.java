package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.job;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.releasedTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The primitives' state, parked calls included, travels in a snapshot of the object. */
class PrimitiveSnapshotTest {
  @ParameterizedTest
  @ValueSource(classes = {FencedLock.class, FencedReentrantLock.class, FencedSemaphore.class,
      FencedCondition.class, FencedReadWriteLock.class, FencedElection.class,
      GenerationBarrier.class, Latch.class, JobQueue.class})
  void aFreshPrimitiveSurvivesASnapshot(Class<?> type) {
    ObjectHost host = new ObjectHost(type);
    ObjectHost copy = new ObjectHost(type);
    copy.restore(host.snapshot());
    assertArrayEquals(host.snapshot(), copy.snapshot());
  }

  @Test
  void aRestoredConditionKeepsItsAwaitersAndLockQueueInOrder() {
    ObjectHost host = new ObjectHost(FencedCondition.class);
    call(host, 1, 1, "acquire");
    call(host, 1, 2, "await");
    call(host, 2, 1, "acquire");
    parked(call(host, 3, 1, "acquire"));
    ObjectHost copy = new ObjectHost(FencedCondition.class);
    copy.restore(host.snapshot());
    assertArrayEquals(host.snapshot(), copy.snapshot());
    assertEquals(1L, ok(call(copy, 2, 2, "signalAll")));
    assertEquals(3L, releasedTo(call(copy, 2, 3, "release"), 3));
    assertEquals(4L, releasedTo(call(copy, 3, 2, "release"), 1));
  }

  @Test
  void aRestoredJobQueueKeepsItsLeasesForExpiry() {
    ObjectHost host = new ObjectHost(JobQueue.class);
    call(host, 9, 1, "submit", "a");
    call(host, 1, 1, "take");
    parked(call(host, 2, 1, "take"));
    ObjectHost copy = new ObjectHost(JobQueue.class);
    copy.restore(host.snapshot());
    assertEquals(List.of(2L), clients(copy.sessionExpired(1)));
    assertEquals(List.of(job(1L, "a")), ok(call(copy, 9, 2, "running")));
  }
}
