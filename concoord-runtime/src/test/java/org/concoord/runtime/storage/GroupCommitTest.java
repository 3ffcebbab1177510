package org.concoord.runtime.storage;

import static org.concoord.runtime.storage.RandomWrites.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.concoord.core.effects.DurableWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: one fsync for everything queued meanwhile, sequence numbers, durability. */
class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void oneSyncCoversEveryWriteQueuedBeforeIt() throws Exception {
    RandomWrites writes = new RandomWrites(7);
    List<DurableWrite> all = new ArrayList<>();
    Semaphore synced = new Semaphore(0);
    AtomicReference<String> failure = new AtomicReference<>();
    try (GroupCommit log = GroupCommit.open(StorageConfig.fsync(dir), SELF)) {
      long seq = 0;
      for (int i = 0; i < 1000; i++) {
        DurableWrite write = writes.next();
        all.add(write);
        seq = log.append(write);
      }
      assertEquals(1000, seq, "sequence numbers count the writes");
      assertEquals(0, log.syncedSeq(), "nothing is durable before the syncer starts");
      log.start(synced::release, failure::set);
      assertTrue(synced.tryAcquire(30, TimeUnit.SECONDS), "the syncer reported a sync");
      assertEquals(1000, log.syncedSeq());
      assertEquals(1, log.syncs(), "one fsync covered all 1000 queued writes");
      assertNull(failure.get());
    }
    try (GroupCommit log = GroupCommit.open(StorageConfig.fsync(dir), SELF)) {
      assertTrue(
          RandomWrites.sameState(
              RandomWrites.replay(all), RandomWrites.replay(log.recoveredWrites())));
    }
  }

  @Test
  void syncedSequenceNumbersOnlyGrowAndReachTheLastWrite() throws Exception {
    RandomWrites writes = new RandomWrites(8);
    List<Long> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (GroupCommit log = GroupCommit.open(StorageConfig.fsync(dir), SELF)) {
      log.start(() -> observed.add(log.syncedSeq()), failure -> {});
      long last = 0;
      for (int i = 0; i < 300; i++) {
        last = log.append(writes.next());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (log.syncedSeq() < last && System.nanoTime() < deadline) {
        Thread.sleep(5); // bounded polling: the syncer runs on its own thread
      }
      assertEquals(last, log.syncedSeq());
      for (int i = 1; i < observed.size(); i++) {
        assertTrue(observed.get(i) >= observed.get(i - 1), "synced went back: " + observed);
      }
    }
  }
}
