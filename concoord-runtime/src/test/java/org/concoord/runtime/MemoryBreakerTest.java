package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The parent memory breaker's rule (issue 13): a large request is refused when the heap in use plus
 * what the request adds would pass the limit, after one collection to tell garbage from live bytes,
 * at most one a second; small requests are never checked; a snapshot waits while it does not fit.
 * The heap is a fake here; the real one is measured in the last test and reached by a real replica
 * process in MemoryBreakerIT.
 */
class MemoryBreakerTest {
  static final long MIB = 1 << 20;
  static final long HEAP = 256 * MIB;

  /** A heap whose use the test sets; a collection leaves {@code afterCollect} in use. */
  static final class FakeHeap implements MemoryBreaker.Heap {
    long inUse;
    long afterCollect = -1;
    int collections;

    @Override
    public long inUse() {
      return inUse;
    }

    @Override
    public void collect() {
      collections++;
      if (afterCollect >= 0) {
        inUse = afterCollect;
      }
    }
  }

  long now;
  final FakeHeap heap = new FakeHeap();
  final MemoryBreaker breaker = new MemoryBreaker(HEAP, 70, 64 << 10, heap, () -> now);

  @Test
  void theLimitIsItsShareOfTheHeap() {
    assertEquals(HEAP / 100 * 70, breaker.limit());
  }

  @Test
  void aRequestThatFitsUnderTheLimitPassesWithoutACollection() {
    heap.inUse = 100 * MIB;
    assertNull(breaker.refusal(15 * MIB)); // 100 + 2 x 15 = 130 MiB, under 179
    assertEquals(0, heap.collections);
  }

  @Test
  void aLargeRequestOverTheLimitIsRefusedNamingTheHeapInUseAndTheLimit() {
    heap.inUse = 170 * MIB;
    String refusal = breaker.refusal(5 * MIB);
    assertNotNull(refusal);
    assertTrue(refusal.startsWith("overloaded: "), refusal);
    assertTrue(refusal.contains(Long.toString(170 * MIB)), refusal);
    assertTrue(refusal.contains("memory limit of " + breaker.limit() + " bytes"), refusal);
    assertTrue(refusal.contains(MemoryBreaker.PERCENT_PROPERTY), refusal);
    assertEquals(1, heap.collections, "one collection before refusing");
    assertEquals(1, breaker.refusals());
  }

  @Test
  void garbageReclaimedByTheCollectionLetsTheRequestIn() {
    heap.inUse = 170 * MIB;
    heap.afterCollect = 60 * MIB;
    assertNull(breaker.refusal(5 * MIB));
    assertEquals(1, heap.collections);
  }

  @Test
  void atMostOneCollectionASecond() {
    heap.inUse = 200 * MIB;
    assertNotNull(breaker.refusal(MIB));
    now += MemoryBreaker.COLLECT_INTERVAL_NANOS / 2;
    assertNotNull(breaker.refusal(MIB));
    assertEquals(1, heap.collections, "no second collection within the interval");
    now += MemoryBreaker.COLLECT_INTERVAL_NANOS;
    heap.afterCollect = 10 * MIB;
    assertNull(breaker.refusal(MIB), "a second later it looks again");
    assertEquals(2, heap.collections);
  }

  @Test
  void smallRequestsAreNeverChecked() {
    heap.inUse = HEAP; // full
    assertNull(breaker.refusal((64 << 10) - 1));
    assertEquals(0, heap.collections);
    assertNotNull(breaker.refusal(64 << 10));
  }

  @Test
  void aSnapshotWaitsWhileItDoesNotFitInNineTenthsOfTheHeap() {
    heap.inUse = 150 * MIB;
    assertTrue(breaker.roomForSnapshot("r", 62 * MIB)); // 150 + 62 <= 230
    heap.inUse = 180 * MIB;
    assertFalse(breaker.roomForSnapshot("r", 62 * MIB)); // 180 + 62 > 230, even collected
    assertEquals(1, heap.collections);
    now += MemoryBreaker.COLLECT_INTERVAL_NANOS;
    heap.afterCollect = 120 * MIB;
    assertFalse(breaker.roomForSnapshot("r", 62 * MIB), "a snapshot collects once per 10 s");
    assertEquals(1, heap.collections);
    now += MemoryBreaker.SNAPSHOT_COLLECT_INTERVAL_NANOS;
    assertTrue(breaker.roomForSnapshot("r", 62 * MIB));
    assertEquals(2, heap.collections);
  }

  @Test
  void theKnobsAreChecked() {
    for (int percent : new int[] {0, 101}) {
      try {
        new MemoryBreaker(HEAP, percent, 0, heap, () -> 0);
        throw new AssertionError("percent " + percent + " taken");
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains(MemoryBreaker.PERCENT_PROPERTY));
      }
    }
  }

  /** The JVM's gauge counts a large array (G1 places it outside eden) until it is collected. */
  @Test
  void theJvmHeapCountsALargeArrayAtOnceAndACollectionGivesItBack() {
    assumeTrue(
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .anyMatch(gc -> gc.getName().startsWith("G1")),
        "G1 places large arrays outside eden");
    MemoryBreaker.JvmHeap jvm = new MemoryBreaker.JvmHeap();
    jvm.collect();
    long before = jvm.inUse();
    byte[][] held = {new byte[(int) (16 * MIB)]};
    long after = jvm.inUse();
    assertTrue(after - before >= held[0].length, (after - before) + " bytes more in use");
    held[0] = null;
    jvm.collect();
    assertTrue(jvm.inUse() < after - 8 * MIB, "collected: " + jvm.inUse() + " of " + after);
  }
}
