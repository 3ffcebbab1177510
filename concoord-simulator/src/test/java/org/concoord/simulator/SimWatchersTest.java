package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.concoord.core.NodeId;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The watch checker on known-good and known-bad sequences (checks on the checker). */
class SimWatchersTest {
  private static final NodeId R0 = NodeId.of("r0");

  private final SimNetwork network = new SimNetwork(new SplittableRandom(1), 0, 0, 1);
  private final SimWatchers watchers = new SimWatchers(1, new SplittableRandom(2), network, 1);
  private final SimWatchers.Nodes nodes =
      new SimWatchers.Nodes() {
        @Override
        public int incarnation(NodeId replica) {
          return 0;
        }

        @Override
        public void deliver(NodeId replica, WatchRequest request) {}

        @Override
        public boolean isCut(String source, String target) {
          return false;
        }
      };

  private void counter(long... valuesFromSlotOne) {
    for (int i = 0; i < valuesFromSlotOne.length; i++) {
      watchers.executed(R0, i + 1, valuesFromSlotOne[i]);
    }
  }

  private void seen(long slot, long value) {
    watchers.push(
        R0, new WatchEvent(5000, 1, slot, WatchEvent.Kind.VALUE, ValueCodec.encode(value)), nodes);
    network.runUntil(network.now() + 5);
  }

  private void connect() {
    watchers.onTick(1, List.of(R0), nodes);
  }

  @Test
  void aSubsequenceEndingOnTheFinalValuePasses() {
    counter(1, 2, 3, 4);
    connect();
    seen(0, 0);
    seen(2, 2);
    seen(4, 4);
    assertNull(watchers.check());
    assertTrue(watchers.settled());
  }

  @Test
  void missingTheFinalValueIsCaught() {
    counter(1, 2, 3, 4);
    connect();
    seen(2, 2);
    String failure = watchers.check();
    assertTrue(failure != null && failure.contains("not on the final value 4"), failure);
  }

  @Test
  void aValueThatWasNeverTheCounterAtItsSlotIsCaught() {
    counter(1, 2, 3, 4);
    connect();
    seen(2, 3);
    seen(4, 4);
    String failure = watchers.check();
    assertTrue(failure != null && failure.contains("got 3 at slot 2"), failure);
  }

  @Test
  void anOlderValueAfterANewerOneIsNeverDelivered() {
    counter(1, 2, 3, 4);
    connect();
    seen(4, 4);
    seen(2, 2); // a replica behind: dropped, as the client drops it
    assertNull(watchers.check());
  }

  @Test
  void replicasThatDisagreeOnTheCounterAreCaught() {
    counter(1, 2);
    watchers.executed(NodeId.of("r1"), 2, 9);
    String failure = watchers.check();
    assertTrue(failure != null && failure.contains("after slot 2"), failure);
  }
}
