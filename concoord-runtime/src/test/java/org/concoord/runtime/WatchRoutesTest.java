package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.message.WatchEvent;
import org.junit.jupiter.api.Test;

/** Watch routes: bounds, takeover on reconnect, ends on close, a slow watcher's coalescing. */
class WatchRoutesTest {
  private static Connection connection() {
    return new Connection(null, false, null, null);
  }

  private static WatchEvent value(long watchId, long slot) {
    return new WatchEvent(1, watchId, slot, WatchEvent.Kind.VALUE, new byte[] {(byte) slot});
  }

  @Test
  void aConnectionHoldsAtMostItsBoundOfWatches() {
    WatchRoutes routes = new WatchRoutes();
    Connection c = connection();
    for (long w = 1; w <= WatchRoutes.PER_CONNECTION_MAX; w++) {
      assertNull(routes.open(new WatchRoutes.Key(1, w), c));
    }
    assertNotNull(routes.open(new WatchRoutes.Key(1, 0), c));
    assertNull(routes.open(new WatchRoutes.Key(1, 1), c), "reopening one it holds is no more");
  }

  @Test
  void aReconnectTakesTheWatchOverAndTheOldConnectionsCloseEndsNothingOfIt() {
    WatchRoutes routes = new WatchRoutes();
    Connection old = connection();
    Connection fresh = connection();
    WatchRoutes.Key moved = new WatchRoutes.Key(1, 1);
    WatchRoutes.Key stays = new WatchRoutes.Key(1, 2);
    routes.open(moved, old);
    routes.open(stays, old);
    routes.open(moved, fresh);
    assertSame(fresh, routes.routeOf(moved));
    assertEquals(List.of(stays), routes.closed(old));
    assertSame(fresh, routes.routeOf(moved));
    assertNull(routes.routeOf(stays));
  }

  @Test
  void aSlowWatchersValuesWaitCoalescedAndTheLatestIsReleasedOnceItsQueueIsShort() {
    WatchRoutes routes = new WatchRoutes();
    Connection c = connection();
    routes.open(new WatchRoutes.Key(1, 1), c);
    assertFalse(WatchRoutes.mustWait(c, value(1, 1)), "a short queue: sent at once");
    c.outputBytes = WatchRoutes.COALESCE_ABOVE_BYTES + 1;
    for (long slot = 2; slot <= 100; slot++) {
      assertTrue(WatchRoutes.mustWait(c, value(1, slot)));
      WatchRoutes.hold(c, value(1, slot), new byte[] {(byte) slot, 0, 0});
    }
    assertEquals(3, c.pendingWatchBytes, "one frame per watch, whatever the number of values");
    assertEquals(List.of(), WatchRoutes.release(c), "still slow: nothing released");
    WatchEvent write = new WatchEvent(1, 2, 5, WatchEvent.Kind.WRITE, new byte[0]);
    assertFalse(WatchRoutes.mustWait(c, write), "a write stream's events are never coalesced");
    c.outputBytes = 0;
    List<byte[]> released = WatchRoutes.release(c);
    assertEquals(1, released.size());
    assertArrayEquals(new byte[] {100, 0, 0}, released.get(0), "the latest value");
    assertEquals(0, c.pendingWatchBytes);
  }

  @Test
  void aValueAfterAPendingOneOfTheSameWatchWaitsBehindItEvenOnAShortQueue() {
    WatchRoutes routes = new WatchRoutes();
    Connection c = connection();
    routes.open(new WatchRoutes.Key(1, 1), c);
    c.outputBytes = WatchRoutes.COALESCE_ABOVE_BYTES + 1;
    WatchRoutes.hold(c, value(1, 2), new byte[] {2});
    c.outputBytes = 0;
    assertTrue(WatchRoutes.mustWait(c, value(1, 3)), "else slot 3 would overtake slot 2");
  }
}
