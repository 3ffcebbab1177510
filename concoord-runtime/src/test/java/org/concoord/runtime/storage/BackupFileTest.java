package org.concoord.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup file reads back as written; every kind of damage is refused, named. */
class BackupFileTest {
  @TempDir Path dir;

  private static byte[] backup(long slot, byte[] object, byte[] access) throws Exception {
    View view = View.initial(List.of(NodeId.of("r:1")), List.of(NodeId.of("a:1")));
    Snapshot snapshot =
        new Snapshot(
            slot,
            7,
            List.of(new ViewHistory.Entry(1, view)),
            0,
            List.of(),
            new Snapshot.StateSize(object.length, 3, 2),
            object,
            access);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BackupFile.write(snapshot, out);
    return out.toByteArray();
  }

  private String refusal(byte[] content) throws Exception {
    Path file = Files.write(dir.resolve("b"), content);
    return assertThrows(BackupFile.Damaged.class, () -> BackupFile.read(file)).getMessage();
  }

  @Test
  void aBackupReadsBackWithItsSlotViewObjectAndPolicy() throws Exception {
    byte[] object = "{\"value\":42}".getBytes();
    Path file = Files.write(dir.resolve("b"), backup(1234, object, new byte[] {1, 2, 3}));
    BackupFile.Backup read = BackupFile.read(file);
    assertEquals(1234, read.slot());
    assertEquals(0, read.viewEpoch());
    assertArrayEquals(object, read.snapshot().object());
    assertArrayEquals(new byte[] {1, 2, 3}, read.snapshot().access());
    assertEquals(64, read.sha256().length());
  }

  @Test
  void everyByteFlippedIsRefusedAndNothingElseGetsThrough() throws Exception {
    byte[] good = backup(9, "{\"value\":1}".getBytes(), new byte[0]);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      String why = refusal(bad);
      assertTrue(
          why.contains("damaged")
              || why.contains("not a ConCoord backup")
              || why.contains("format version")
              || why.contains("cut short"),
          i + ": " + why);
    }
  }

  @Test
  void cutGrownForeignAndHugeFilesAreRefusedSayingWhat() throws Exception {
    byte[] good = backup(9, "{\"value\":1}".getBytes(), new byte[0]);
    assertTrue(
        refusal(Arrays.copyOf(good, good.length - 1))
            .contains("cut short or has bytes" + " added"));
    assertTrue(
        refusal(Arrays.copyOf(good, good.length + 5))
            .contains("cut short or has bytes" + " added"));
    assertTrue(refusal(Arrays.copyOf(good, 20)).contains("cut short"));
    assertTrue(
        refusal("plain text, not a backup at all".getBytes()).contains("not a ConCoord backup"));
    byte[] huge = good.clone(); // an object length that would allocate 8 EiB if believed
    ByteBuffer.wrap(huge).putLong(BackupFile.HEADER_BYTES - 8, Long.MAX_VALUE / 2);
    assertTrue(refusal(huge).contains("cut short or has bytes added"));
    byte[] version = good.clone();
    ByteBuffer.wrap(version).putInt(8, 7);
    assertTrue(refusal(version).contains("format version 7"));
  }
}
