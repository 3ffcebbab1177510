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

class FencedSemaphoreTest {
  /** Refuses every release, through the subclass hook. */
  public static class Stingy extends FencedSemaphore {
    @Override
    protected void checkRelease() {
      throw new IllegalStateException("never");
    }
  }

  private final ObjectHost host = new ObjectHost(FencedSemaphore.class);

  @Test
  void permitsAreGrantedWithGrowingTokensThenCallersWaitInOrder() {
    ok(call(host, 9, 1, "init", 2));
    assertEquals(1L, ok(call(host, 1, 1, "acquire")));
    assertEquals(2L, ok(call(host, 2, 1, "acquire")));
    parked(call(host, 3, 1, "acquire"));
    parked(call(host, 4, 1, "acquire"));
    assertEquals(3L, releasedTo(call(host, 1, 2, "release"), 3));
    assertEquals(4L, releasedTo(call(host, 9, 2, "release"), 4)); // anyone may release
    assertEquals(0L, ok(call(host, 9, 3, "available")));
  }

  @Test
  void anExpiredClientsPermitsGoToWaitersThenThePool() {
    ok(call(host, 9, 1, "init", 3));
    call(host, 1, 1, "acquire");
    call(host, 1, 2, "acquire");
    call(host, 2, 1, "acquire");
    parked(call(host, 3, 1, "acquire"));
    parked(call(host, 1, 3, "acquire")); // the expiring client's own waiter is dropped
    assertEquals(List.of(3L), clients(host.sessionExpired(1)));
    assertEquals(1L, ok(call(host, 9, 2, "available")));
    assertEquals(List.of(), host.sessionExpired(1));
    assertEquals(1L, ok(call(host, 9, 3, "available")), "told twice, returned once");
  }

  @Test
  void initRefusesNegativePermitsAndASemaphoreInUse() {
    assertEquals("java.lang.IllegalArgumentException", thrown(call(host, 9, 1, "init", -1)));
    call(host, 1, 1, "acquire");
    assertEquals("java.lang.IllegalStateException", thrown(call(host, 9, 2, "init", 5)));
    assertEquals(1L, ok(call(host, 9, 3, "permits")));
  }

  @Test
  void aSubclassRefusesReleasesThroughTheHook() {
    ObjectHost stingy = new ObjectHost(Stingy.class);
    call(stingy, 1, 1, "acquire");
    assertEquals("java.lang.IllegalStateException", thrown(call(stingy, 1, 2, "release")));
    assertEquals(0L, ok(call(stingy, 9, 1, "available")));
  }

  @Test
  void aRetriedAcquireTakesOnePermit() {
    call(host, 1, 1, "acquire");
    parked(call(host, 2, 1, "acquire"));
    parked(call(host, 2, 1, "acquire"));
    assertEquals(List.of(2L), clients(call(host, 1, 2, "release")));
    ok(call(host, 2, 2, "release"));
    assertEquals(1L, ok(call(host, 9, 1, "available")));
  }
}
