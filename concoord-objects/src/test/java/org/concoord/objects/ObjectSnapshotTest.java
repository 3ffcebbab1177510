package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.clients;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every library object loads (its state passes the snapshot check) and comes back from a snapshot
 * byte for byte; a restored object carries on where the original was, parked calls included.
 */
class ObjectSnapshotTest {
  @ParameterizedTest
  @ValueSource(
      classes = {
        Counter.class,
        AppendList.class,
        Lock.class,
        RLock.class,
        Semaphore.class,
        BoundedSemaphore.class,
        Condition.class,
        Barrier.class,
        CountDownLatch.class,
        ReadWriteLock.class,
        LeaderElection.class,
        Queue.class,
        Stack.class,
        Log.class,
        Bank.class,
        BinaryTree.class,
        Membership.class,
        MeshMembership.class,
        JobManager.class,
        NameserverCoord.class,
        KvMap.class
      })
  void aFreshObjectSurvivesASnapshot(Class<?> type) {
    ObjectHost host = new ObjectHost(type);
    ObjectHost copy = new ObjectHost(type);
    copy.restore(host.snapshot());
    assertArrayEquals(host.snapshot(), copy.snapshot());
  }

  @Test
  void aRestoredLockHandsOverToTheCallParkedBeforeTheSnapshot() {
    ObjectHost host = new ObjectHost(Lock.class);
    assertEquals(1L, ok(call(host, 1, 1, "acquire")));
    parked(call(host, 2, 5, "acquire"));

    ObjectHost copy = new ObjectHost(Lock.class);
    copy.restore(host.snapshot());
    assertEquals(1, copy.parked().size());
    assertEquals(2L, releasedTo(call(copy, 1, 2, "release"), 2));
    assertEquals(List.of(), copy.parked());
  }

  @Test
  void aRestoredConditionKeepsItsAwaitersAndLockQueueInOrder() {
    ObjectHost host = new ObjectHost(Condition.class);
    call(host, 1, 1, "acquire");
    call(host, 1, 2, "await");
    call(host, 2, 1, "acquire");
    parked(call(host, 3, 1, "acquire"));
    ObjectHost copy = new ObjectHost(Condition.class);
    copy.restore(host.snapshot());
    assertArrayEquals(host.snapshot(), copy.snapshot());
    assertEquals(1L, ok(call(copy, 2, 2, "signalAll")));
    assertEquals(3L, releasedTo(call(copy, 2, 3, "release"), 3));
    assertEquals(4L, releasedTo(call(copy, 3, 2, "release"), 1));
  }

  @Test
  void aRestoredJobManagerKeepsItsLeasesForExpiry() {
    ObjectHost host = new ObjectHost(JobManager.class);
    call(host, 9, 1, "submit", "a");
    call(host, 1, 1, "take");
    parked(call(host, 2, 1, "take"));
    ObjectHost copy = new ObjectHost(JobManager.class);
    copy.restore(host.snapshot());
    assertEquals(List.of(2L), clients(copy.sessionExpired(1)));
    assertEquals(
        List.of(java.util.Map.of("id", 1L, "payload", "a")), ok(call(copy, 9, 2, "running")));
  }

  @Test
  void aRestoredBankKeepsItsAccounts() {
    ObjectHost host = new ObjectHost(Bank.class);
    call(host, 1, 1, "open", "ann");
    call(host, 1, 2, "open", "bob");
    call(host, 1, 3, "deposit", "ann", 100L);
    call(host, 1, 6, "deposit", "bob", 5L);
    call(host, 1, 7, "transfer", "ann", "bob", 30L);
    ObjectHost copy = new ObjectHost(Bank.class);
    copy.restore(host.snapshot());
    assertEquals(70L, ok(call(copy, 1, 8, "balance", "ann")));
    assertEquals(35L, ok(call(copy, 1, 9, "balance", "bob")));
    assertArrayEquals(host.snapshot(), copy.snapshot());
  }
}
