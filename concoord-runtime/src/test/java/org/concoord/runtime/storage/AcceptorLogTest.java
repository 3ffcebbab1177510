package org.concoord.runtime.storage;

import static org.concoord.runtime.storage.RandomWrites.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.DurableWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptor's log on a real file system: reopen, compaction, ownership, locking. */
class AcceptorLogTest {
  @TempDir Path dir;

  StorageConfig small() {
    return StorageConfig.fsync(dir).withCompaction(16 * 1024, 64 * 1024);
  }

  @Test
  void everyAppendedGroupIsThereAfterReopening() throws IOException {
    RandomWrites writes = new RandomWrites(1);
    List<DurableWrite> all = new ArrayList<>();
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      assertTrue(log.recoveredWrites().isEmpty(), "a new log is empty");
      for (int i = 0; i < 50; i++) {
        List<DurableWrite> group = writes.group(10);
        log.append(group);
        all.addAll(group);
      }
    }
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      assertTrue(
          RandomWrites.sameState(
              RandomWrites.replay(all), RandomWrites.replay(log.recoveredWrites())));
    }
  }

  @Test
  void compactionKeepsTheFileBoundedAndTheStateWhole() throws IOException {
    RandomWrites writes = new RandomWrites(2);
    List<DurableWrite> all = new ArrayList<>();
    long endMax = 0;
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      for (int i = 0; i < 1000; i++) {
        List<DurableWrite> group = writes.group(4);
        log.append(group);
        all.addAll(group);
        endMax = Math.max(endMax, log.end());
      }
      assertTrue(log.compactions() > 10, "compacted " + log.compactions() + " times");
    }
    long totalBytes =
        all.stream().mapToLong(w -> org.concoord.core.codec.MessageCodec.encode(w).length).sum();
    assertTrue(
        endMax < totalBytes / 4,
        "the log's end stayed at most " + endMax + " bytes of " + totalBytes + " written");
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      assertTrue(
          RandomWrites.sameState(
              RandomWrites.replay(all), RandomWrites.replay(log.recoveredWrites())));
    }
  }

  @Test
  void aLogRecoversToTheSameStateTwice() throws IOException {
    RandomWrites writes = new RandomWrites(3);
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      for (int i = 0; i < 200; i++) {
        log.append(writes.group(5));
      }
    }
    List<DurableWrite> first;
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      first = log.recoveredWrites();
    }
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      assertEquals(first, log.recoveredWrites());
    }
  }

  @Test
  void anotherAcceptorsLogIsRefusedNamingBoth() throws IOException {
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      log.append(List.of(new DurableWrite.PromiseWrite(new Ballot(3, NodeId.of("r:1")))));
    }
    LogCorruptException e =
        assertThrows(
            LogCorruptException.class,
            () -> AcceptorLog.open(StorageConfig.fsync(dir), NodeId.of("127.0.0.1:14999")));
    assertTrue(
        e.getMessage().contains(SELF.address()) && e.getMessage().contains("14999"),
        e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve(AcceptorLog.FILE).toString()), e.getMessage());
  }

  @Test
  void aDataDirectoryIsOpenedOnceAtATime() throws IOException {
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      IOException e =
          assertThrows(IOException.class, () -> AcceptorLog.open(StorageConfig.fsync(dir), SELF));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }
    AcceptorLog.open(StorageConfig.fsync(dir), SELF).close(); // the lock went with the first
  }

  @Test
  void anUnfinishedCompactionIsIgnored() throws IOException {
    DurableWrite promise = new DurableWrite.PromiseWrite(new Ballot(9, NodeId.of("r:1")));
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      log.append(List.of(promise));
    }
    Files.write(dir.resolve(AcceptorLog.TEMP), new byte[] {1, 2, 3});
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      assertEquals(List.of(promise), log.recoveredWrites());
    }
    assertFalse(Files.exists(dir.resolve(AcceptorLog.TEMP)));
  }

  @Test
  void theFileIsPreallocatedAndEachGroupStartsOnASector() throws IOException {
    try (AcceptorLog log = AcceptorLog.open(StorageConfig.fsync(dir), SELF)) {
      long size = Files.size(log.path());
      assertTrue(size >= StorageConfig.FILE_BYTES_MIN_DEFAULT && size % (1 << 20) == 0, "" + size);
      for (int i = 0; i < 3; i++) {
        long before = log.end();
        log.append(List.of(new DurableWrite.TruncateWrite(i + 2)));
        long start =
            log.end()
                - LogFormat.RECORD_HEADER_BYTES
                - org.concoord.core.codec.MessageCodec.encode(new DurableWrite.TruncateWrite(i + 2))
                    .length;
        assertEquals(0, start % LogFormat.SECTOR_BYTES, "group " + i + " starts at " + start);
        assertTrue(start >= before);
      }
    }
  }

  @Test
  void aSnapshotOfManyMegabytesIsWrittenInPiecesAndReadBack() throws IOException {
    List<DurableWrite> all = new ArrayList<>();
    java.util.Random random = new java.util.Random(11);
    Ballot ballot = new Ballot(4, NodeId.of("r:1"));
    all.add(new DurableWrite.PromiseWrite(ballot));
    for (long slot = 1; slot <= 60; slot++) {
      byte[] args = new byte[100_000];
      random.nextBytes(args);
      all.add(
          new DurableWrite.AcceptWrite(
              new org.concoord.core.PValue(
                  ballot,
                  slot,
                  new org.concoord.core.command.Batch(
                      slot,
                      List.of(
                          new org.concoord.core.command.ClientCommand(
                              1, slot, slot, new org.concoord.core.command.Call("put", args)))))));
    }
    all.add(new DurableWrite.TruncateWrite(5));
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      for (DurableWrite write : all) {
        log.append(List.of(write));
      }
      assertTrue(log.compactions() > 1, "compactions: " + log.compactions());
      assertTrue(log.end() > 5_000_000, "the snapshot spans many pieces: " + log.end());
    }
    try (AcceptorLog log = AcceptorLog.open(small(), SELF)) {
      assertTrue(
          RandomWrites.sameState(
              RandomWrites.replay(all), RandomWrites.replay(log.recoveredWrites())));
    }
  }
}
