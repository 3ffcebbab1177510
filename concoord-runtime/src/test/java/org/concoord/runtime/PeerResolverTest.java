package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.junit.jupiter.api.Test;

/** The transport's host name lookups (review §2.3): off the node thread, which is woken after. */
class PeerResolverTest {
  private static final long DEADLINE_MILLIS = 60_000;

  @Test
  void aHostNameIsLookedUpOffTheNodeThread() throws Exception {
    List<Integer> wakeups = new ArrayList<>();
    try (PeerResolver resolver =
        new PeerResolver(
            "test",
            () -> {
              synchronized (wakeups) {
                wakeups.add(1);
              }
            })) {
      NodeId named = NodeId.of("localhost:7");
      assertNull(resolver.resolve(named), "not answered on the caller's thread");
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      InetSocketAddress address = null;
      while (address == null && System.currentTimeMillis() < deadline) {
        Thread.sleep(10); // bounded polling: the lookup runs on the resolver's thread
        address = resolver.resolve(named);
      }
      assertEquals(7, address.getPort());
      assertTrue(wakeups.size() >= 1, "the node thread was woken when the answer came");
      assertEquals(9, resolver.resolve(NodeId.of("127.0.0.1:9")).getPort(), "literal at once");
    }
  }
}
