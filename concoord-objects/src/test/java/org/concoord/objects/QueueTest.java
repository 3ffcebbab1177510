package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.parked;
import static org.concoord.objects.Calls.releasedTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class QueueTest {
  private final ObjectHost host = new ObjectHost(Queue.class);

  @Test
  void itemsComeOutFirstInFirstOut() {
    call(host, 1, 1, "put", "a");
    call(host, 1, 2, "put", "b");
    assertEquals(List.of("a", "b"), ok(call(host, 2, 1, "items")));
    assertEquals("a", ok(call(host, 2, 2, "take")));
    assertEquals("b", ok(call(host, 2, 3, "poll")));
    assertNull(ok(call(host, 2, 4, "poll")));
  }

  @Test
  void takeParksWhenEmptyAndPutHandsTheItemToTheFirstTaker() {
    parked(call(host, 1, 1, "take"));
    parked(call(host, 2, 1, "take"));
    var put = call(host, 3, 1, "put", "x");
    assertEquals("x", releasedTo(put, 1));
    assertEquals(0L, ok(put), "the item went to the taker, not the queue");
    assertEquals("y", releasedTo(call(host, 3, 2, "put", "y"), 2));
  }

  @Test
  void anExpiredTakerGetsNoItemSoNoneIsLost() {
    parked(call(host, 1, 1, "take"));
    host.sessionExpired(1);
    var put = call(host, 3, 1, "put", "x");
    assertEquals(List.of(), put.releases());
    assertEquals(List.of("x"), ok(call(host, 3, 2, "items")));
  }
}
