package org.concoord.core.sync;

import static org.concoord.core.sync.SyncCalls.call;
import static org.concoord.core.sync.SyncCalls.clients;
import static org.concoord.core.sync.SyncCalls.ok;
import static org.concoord.core.sync.SyncCalls.parked;
import static org.concoord.core.sync.SyncCalls.releasedTo;
import static org.concoord.core.sync.SyncCalls.unblocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.Caller;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.SessionAware;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  /** A work queue of strings behind client-callable methods. */
  public static class Tasks implements SessionAware {
    private final WorkQueue<String> work = new WorkQueue<>();

    public void put(String item) {
      work.put(item);
    }

    public String take(Caller caller) {
      return work.take(caller);
    }

    public String complete(Caller caller, String item) {
      return work.complete(caller, item::equals);
    }

    public boolean remove(String item) {
      return work.remove(item::equals);
    }

    public List<String> queued() {
      return work.queued();
    }

    public List<String> leased() {
      return work.leased();
    }

    @Override
    public void sessionExpired(long clientId) {
      work.sessionExpired(clientId);
    }
  }

  private final ObjectHost host = new ObjectHost(Tasks.class);

  @Test
  void takersLeaseItemsOldestFirstAndWaitForNewOnes() {
    call(host, 9, 1, "put", "a");
    assertEquals("a", ok(call(host, 1, 1, "take")));
    parked(call(host, 2, 1, "take"));
    parked(call(host, 3, 1, "take"));
    assertEquals("b", releasedTo(call(host, 9, 2, "put", "b"), 2));
    assertEquals(List.of("a", "b"), ok(call(host, 9, 3, "leased")));
    assertEquals("a", ok(call(host, 1, 2, "complete", "a")));
    assertNull(ok(call(host, 1, 3, "complete", "b")), "b is client 2's");
    assertEquals(List.of("b"), ok(call(host, 9, 4, "leased")));
  }

  @Test
  void anExpiredTakersItemsGoBackToTheFrontInTheOrderItTookThemAndOnToWaitingTakers() {
    for (String item : List.of("a", "b", "c")) {
      call(host, 9, 1, "put", item);
    }
    call(host, 1, 1, "take");
    call(host, 1, 2, "take");
    call(host, 2, 1, "take"); // takes c: the queue is empty
    parked(call(host, 3, 1, "take"));
    var releases = host.sessionExpired(1);
    assertEquals(List.of(3L), clients(releases));
    assertEquals("a", unblocked(releases.get(0)));
    assertEquals(List.of("b"), ok(call(host, 9, 2, "queued")));
    assertEquals(List.of(), host.sessionExpired(1));
    assertEquals(List.of("b"), ok(call(host, 9, 3, "queued")));
  }

  @Test
  void removeTakesOutQueuedItemsOnly() {
    call(host, 9, 1, "put", "a");
    call(host, 9, 2, "put", "b");
    call(host, 1, 1, "take");
    assertEquals(false, ok(call(host, 9, 3, "remove", "a")));
    assertEquals(true, ok(call(host, 9, 4, "remove", "b")));
    assertEquals(List.of(), ok(call(host, 9, 5, "queued")));
  }

  @Test
  void aRetriedTakeIsQueuedOnceAndLeasedOneItem() {
    parked(call(host, 1, 1, "take"));
    parked(call(host, 1, 1, "take")); // the same call executed again
    assertEquals("a", releasedTo(call(host, 9, 1, "put", "a"), 1));
    assertEquals(List.of(), call(host, 9, 2, "put", "b").releases());
    assertEquals(List.of("a"), ok(call(host, 9, 3, "leased")));
    assertEquals(List.of("b"), ok(call(host, 9, 4, "queued")));
  }
}
