package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Snapshot;
import org.concoord.core.replica.ReplicaBudgets;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.objects.KvMap;
import org.concoord.runtime.storage.ReplicaStore;
import org.concoord.runtime.storage.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica writes a snapshot after every half of its retained bytes executed, not only every
 * {@code --snapshot-every} slots: the leader lets the acceptors forget a slot only below every
 * replica's durable snapshot, so without it a few large values stay in every acceptor's memory
 * until thousands of small slots have passed (LimitsIT's out-of-memory burst). Real loopback TCP, a
 * durable replica and acceptor in one JVM.
 */
class SnapshotCadenceTest {
  static final long KIB = 1 << 10;

  /** A {@code @TempDir}: closing the replica's node waits for a snapshot being written. */
  @TempDir Path data;

  @Test
  void largeExecutedValuesTriggerASnapshotLongBeforeTheSlotCount() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    NodeId replicaId = NodeTest.local(replicaPort);
    // Retains 512 KiB of executed slots, so a snapshot is due after every 256 KiB executed.
    ReplicaBudgets budgets =
        new ReplicaBudgets(
            1024 * KIB,
            32 * 1024 * KIB,
            8 * 1024 * KIB,
            16 * 1024 * KIB,
            32 * 1024 * KIB + org.concoord.core.codec.WireFormat.FRAME_LENGTH_MAX,
            1024 * KIB,
            512 * KIB);
    Path replicaData = data.resolve("replica");
    try (Node replica =
            Node.replica(
                    replicaId,
                    new InetSocketAddress("127.0.0.1", replicaPort),
                    new ObjectHost(KvMap.class),
                    new byte[] {1},
                    List.of(),
                    ReplicaConfig.defaults().withBudgets(budgets),
                    StorageConfig.fsync(replicaData).withSnapshotEvery(100_000))
                .start();
        Node acceptor =
            Node.acceptor(
                    NodeTest.local(acceptorPort),
                    new InetSocketAddress("127.0.0.1", acceptorPort),
                    List.of(replicaId),
                    StorageConfig.fsync(data.resolve("acceptor")))
                .start();
        ConcoordClient client = ConcoordClient.connect(replicaId.address())) {
      long lastPut = 0;
      for (int i = 0; i < 8; i++) {
        lastPut = client.invoke("put", long.class, "k" + i, "v".repeat(100_000));
      }
      long deadline = System.currentTimeMillis() + 20_000;
      long saved = savedSlot(replicaData);
      // 800 KiB executed: at least the snapshot due after the first 256 KiB is on disk, far below
      // the 100,000 slots of the slot count (and beyond the join's view-change snapshot).
      while (saved < 4 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50); // bounded polling: the snapshot is written in the background
        saved = savedSlot(replicaData);
      }
      assertTrue(
          saved >= 4,
          "snapshot on disk at slot "
              + saved
              + " after 8 puts of 100 KB ("
              + lastPut
              + " versions)");
    }
  }

  private static long savedSlot(Path dir) throws Exception {
    try (ReplicaStore store = new ReplicaStore(dir)) {
      return store.loadSnapshot().map(Snapshot::slot).orElse(0L);
    }
  }
}
