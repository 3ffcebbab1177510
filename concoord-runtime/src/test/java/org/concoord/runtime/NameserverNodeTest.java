package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.concoord.core.NodeId;
import org.junit.jupiter.api.Test;

/**
 * A nameserver node on loopback beside a real replica and acceptor: it joins, catches up, and its
 * feed follows the view as a replica joins, with the serial rising on each change.
 */
class NameserverNodeTest {
  static LearnedView await(ViewFeed feed, Predicate<LearnedView> condition, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      LearnedView now = feed.current();
      if (now != null && condition.test(now)) {
        return now;
      }
      Thread.sleep(20); // bounded polling of a running node
    }
    throw new AssertionError("no view where " + what + "; last: " + feed.current());
  }

  @Test
  void aNameserverJoinsCatchesUpAndFollowsAReplicaJoining() throws Exception {
    List<Node> nodes = new ArrayList<>();
    try {
      int first = Addresses.freePort("127.0.0.1");
      nodes.add(ClusterTest.replica(first, List.of(), ClusterTest.CODE));
      List<NodeId> boot = List.of(ClusterTest.local(first));
      nodes.add(ClusterTest.acceptor(Addresses.freePort("127.0.0.1"), boot));
      ViewFeed feed = new ViewFeed();
      List<Long> serials = new CopyOnWriteArrayList<>();
      feed.subscribe(view -> serials.add(view.serial()));
      int port = Addresses.freePort("127.0.0.1");
      NodeId self = ClusterTest.local(port);
      Node nameserver =
          Node.nameserver(self, new InetSocketAddress("127.0.0.1", port), boot, feed).start();
      nodes.add(nameserver);

      LearnedView joined =
          await(
              feed,
              v -> v.caughtUp() && v.view().nameservers().contains(self),
              "the nameserver is in");
      NodeId second = ClusterTest.local(Addresses.freePort("127.0.0.1"));
      nodes.add(
          ClusterTest.replica(
              Integer.parseInt(second.address().split(":")[1]), boot, ClusterTest.CODE));
      LearnedView grown =
          await(feed, v -> v.view().replicas().contains(second), "the second replica is in");

      assertTrue(grown.serial() > joined.serial(), grown + " after " + joined);
      assertEquals(grown.view().epoch(), grown.serial());
      for (int i = 1; i < serials.size(); i++) {
        assertTrue(serials.get(i) >= serials.get(i - 1), "serials never fall: " + serials);
      }
    } finally {
      nodes.forEach(Node::close);
    }
  }
}
