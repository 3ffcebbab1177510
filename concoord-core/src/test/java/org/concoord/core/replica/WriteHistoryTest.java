package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.WatchEvent;
import org.junit.jupiter.api.Test;

/**
 * The write history's ring of parallel arrays keeps, forgets and replays exactly what a plain list
 * of records does (the history before the ring, kept here as the model), across growth,
 * wrap-around, eviction by bytes, oversized writes and restarts.
 */
class WriteHistoryTest {
  private record Kept(long slot, String object, WriteRecord record, long bytes) {}

  /** The history as it was: a deque of records, forgetting whole slots from the oldest. */
  private static final class Model {
    final long bytesMax;
    final ArrayDeque<Kept> entries = new ArrayDeque<>();
    long bytes;
    long fromSlot = 1;

    Model(long bytesMax) {
      this.bytesMax = bytesMax;
    }

    void add(long slot, String object, WriteRecord record) {
      Kept kept =
          new Kept(
              slot,
              object,
              record,
              WriteHistory.ENTRY_OVERHEAD_BYTES + 2L * object.length() + record.bytes());
      if (kept.bytes() > bytesMax) {
        forgetThrough(slot);
        return;
      }
      entries.addLast(kept);
      bytes += kept.bytes();
      while (bytes > bytesMax) {
        forgetThrough(entries.peekFirst().slot());
      }
    }

    void forgetThrough(long slot) {
      while (!entries.isEmpty() && entries.peekFirst().slot() <= slot) {
        bytes -= entries.removeFirst().bytes();
      }
      fromSlot = Math.max(fromSlot, slot + 1);
    }
  }

  @Test
  void theRingKeepsForgetsAndReplaysAsAListOfRecordsDid() {
    SplittableRandom random = new SplittableRandom(7);
    long bytesMax = 20_000;
    WriteHistory history = new WriteHistory(bytesMax);
    Model model = new Model(bytesMax);
    String[] objects = {"", "a", "locks/b"};
    long slot = 0;
    for (int step = 0; step < 20_000; step++) {
      if (random.nextInt(4) == 0) {
        slot++;
      }
      if (random.nextInt(5_000) == 0) {
        slot += 3;
        history.restartAt(slot);
        model.entries.clear();
        model.bytes = 0;
        model.fromSlot = slot + 1;
        slot++;
      }
      String object = objects[random.nextInt(objects.length)];
      // Mostly small writes; now and then one over the whole bound (kept nowhere).
      int argBytes = random.nextInt(50) == 0 ? (int) bytesMax : random.nextInt(300);
      WriteRecord record =
          new WriteRecord(
              "m" + random.nextInt(3),
              new byte[argBytes],
              random.nextInt(3),
              new byte[random.nextInt(20)],
              random.nextBoolean() ? "" : "alice",
              random.nextLong(1, 100));
      history.add(slot, object, record);
      model.add(slot, object, record);
      assertEquals(model.bytes, history.bytes(), "bytes at step " + step);
      assertEquals(model.fromSlot, history.fromSlot(), "fromSlot at step " + step);
      if (step % 997 == 0) {
        for (String watched : objects) {
          long after = Math.max(0, slot - random.nextInt(100));
          assertEquals(
              expected(model, watched, after, slot),
              replayed(history, watched, after, slot),
              "replay of '" + watched + "' after " + after + " at step " + step);
        }
      }
    }
  }

  private static List<String> expected(Model model, String object, long after, long executed) {
    List<String> out = new ArrayList<>();
    if (after + 1 < model.fromSlot) {
      out.add("GAP " + (model.fromSlot - 1));
    }
    for (Kept kept : model.entries) {
      if (kept.slot() > after && kept.slot() <= executed && kept.object().equals(object)) {
        out.add(
            "WRITE "
                + kept.slot()
                + " "
                + java.util.HexFormat.of().formatHex(kept.record().encoded()));
      }
    }
    return out;
  }

  private static List<String> replayed(
      WriteHistory history, String object, long after, long executed) {
    Effects effects = new Effects();
    history.replay(object, after, executed, new Watches.Key(1, 1), effects);
    List<String> out = new ArrayList<>();
    for (Effects.Effect effect : effects.list()) {
      WatchEvent event = ((Effects.Push) effect).event();
      out.add(
          event.kind() == WatchEvent.Kind.GAP
              ? "GAP " + event.slot()
              : event.kind()
                  + " "
                  + event.slot()
                  + " "
                  + java.util.HexFormat.of().formatHex(event.payload()));
    }
    return out;
  }
}
