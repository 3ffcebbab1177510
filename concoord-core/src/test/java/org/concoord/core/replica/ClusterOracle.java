package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;

/**
 * {@link TestCluster}'s safety oracle: one value per slot across all nodes; each node executes in
 * slot order. It also keeps every mark the nodes made, for the tests to look for.
 */
final class ClusterOracle implements Observer {
  /** The chosen batch per slot, as the oracle learned it. */
  final Map<Long, Batch> chosen = new TreeMap<>();

  final Set<String> marks = new HashSet<>();

  private final Map<NodeId, Long> executedMax = new HashMap<>();

  /** Whether a replica may execute past slots it restored from a snapshot. */
  private final boolean snapshotsAllowed;

  ClusterOracle(boolean snapshotsAllowed) {
    this.snapshotsAllowed = snapshotsAllowed;
  }

  /** {@code node} restarts empty: it executes from the first slot again. */
  void forget(NodeId node) {
    executedMax.remove(node);
  }

  @Override
  public void onDecided(NodeId node, long slot, Batch batch) {
    Batch earlier = chosen.putIfAbsent(slot, batch);
    if (earlier != null) {
      assertEquals(earlier, batch, "two values chosen for slot " + slot + " at " + node);
    }
  }

  @Override
  public void onExecuted(NodeId node, long slot, Batch batch) {
    long previous = executedMax.getOrDefault(node, 0L);
    if (snapshotsAllowed && slot > previous + 1) {
      previous = slot - 1; // the slots between came in a snapshot
    }
    assertEquals(previous + 1, slot, node + " executed out of order");
    executedMax.put(node, slot);
  }

  @Override
  public void onRestored(NodeId node, long slot, int objectBytes, int sessions) {
    executedMax.put(node, slot);
  }

  @Override
  public void onResynced(NodeId node, long slot) {
    executedMax.put(node, slot);
  }

  @Override
  public void mark(String mark) {
    marks.add(mark);
  }
}
