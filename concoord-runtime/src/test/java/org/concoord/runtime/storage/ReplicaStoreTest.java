package org.concoord.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica's snapshot file: any size, checksummed, the first format still read. */
class ReplicaStoreTest {
  @TempDir Path dir;

  private static Snapshot snapshot(long slot, byte[] object) {
    View view = View.initial(List.of(NodeId.of("r:1")), List.of(NodeId.of("a:1")));
    return new Snapshot(
        slot,
        7,
        List.of(new ViewHistory.Entry(1, view)),
        0,
        List.of(),
        new Snapshot.StateSize(object.length, 3, 2),
        object);
  }

  private static void awaitSaved(ReplicaStore store, long slot) throws InterruptedException {
    for (int i = 0; i < 3000 && store.savedSlot() < slot; i++) {
      Thread.sleep(10); // the writer thread syncs the file; bounded wait
    }
    assertEquals(slot, store.savedSlot(), "the snapshot was not reported written");
  }

  @Test
  void aStateLargerThanAFrameIsWrittenReadBackAndReportedSaved() throws Exception {
    byte[] object = new byte[WireFormat.FRAME_LENGTH_MAX + 12345];
    object[object.length - 1] = 42;
    try (ReplicaStore store = new ReplicaStore(dir)) {
      store.saveSnapshot(snapshot(9, object));
      awaitSaved(store, 9);
    }
    try (ReplicaStore store = new ReplicaStore(dir)) {
      Snapshot back = store.loadSnapshot().orElseThrow();
      assertEquals(9, back.slot());
      assertEquals(new Snapshot.StateSize(object.length, 3, 2), back.size());
      assertArrayEquals(object, back.object());
      assertEquals(9, store.savedSlot());
    }
  }

  @Test
  void aFlippedByteIsRefusedNamingTheFile() throws Exception {
    try (ReplicaStore store = new ReplicaStore(dir)) {
      store.saveSnapshot(snapshot(3, new byte[1000]));
      awaitSaved(store, 3);
    }
    Path file = dir.resolve(ReplicaStore.SNAPSHOT);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    try (ReplicaStore store = new ReplicaStore(dir)) {
      LogCorruptException e = assertThrows(LogCorruptException.class, store::loadSnapshot);
      assertEquals(true, e.getMessage().contains("snapshot"), e.getMessage());
    }
  }

  @Test
  void aFileOfTheFirstFormatIsStillRead() throws Exception {
    Snapshot old = snapshot(5, new byte[] {1, 2, 3});
    byte[] frame = MessageCodec.encode(old);
    CRC32C crc = new CRC32C();
    crc.update(frame);
    Files.write(
        dir.resolve(ReplicaStore.SNAPSHOT),
        ByteBuffer.allocate(4 + frame.length).putInt((int) crc.getValue()).put(frame).array());
    try (ReplicaStore store = new ReplicaStore(dir)) {
      assertEquals(old, store.loadSnapshot().orElseThrow());
    }
  }
}
