package org.concoord.runtime.storage;

import static org.concoord.runtime.storage.RandomWrites.SELF;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.DurableWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of the acceptor's log: each case writes a log through the real code (groups
 * appended and synced, compactions included), damages the file, and recovers it. Every outcome must
 * be either a refusal that names the file and the byte offset, or exactly the state of every
 * acknowledged write plus some prefix of the unacknowledged last group; never a state without an
 * acknowledged write.
 *
 * <p>The damage: a crash during the last group's write ({@link Damage#TORN}: some of its sectors
 * never reach the disk, so they read as zeros; the group was not acknowledged), and what crashes
 * cannot do but disks and people can: a cut file, a flipped byte anywhere, a zeroed sector in an
 * earlier group, garbage past the end, a damaged header. Not covered, because no log can tell it
 * from a group never written: whole records at the very end replaced by zeros (docs/operations.md).
 *
 * <p>Cases are seeded: {@code -Dconcoord.wal.seed=S -Dconcoord.wal.cases=1} runs one again.
 */
class CrashConsistencyTest {
  static final long SEED = Long.getLong("concoord.wal.seed", 1);
  static final int CASES = Integer.getInteger("concoord.wal.cases", 300);

  enum Damage {
    TORN,
    TRUNCATE,
    FLIP,
    ZERO_EARLIER_SECTOR,
    GARBAGE_PAST_END,
    HEADER
  }

  @TempDir Path work;

  record Outcome(Damage damage, boolean refused) {}

  @Test
  void everyDamageKeepsEveryAcknowledgedWriteOrRefusesNamingFileAndOffset() throws IOException {
    // Each recovered torn tail logs a warning; hundreds of them would bury the build's output.
    java.util.logging.Logger.getLogger(AcceptorLog.class.getName())
        .setLevel(java.util.logging.Level.SEVERE);
    Map<Damage, int[]> counts = new EnumMap<>(Damage.class); // {recovered, refused}
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      try {
        Outcome outcome = runCase(seed);
        counts.computeIfAbsent(outcome.damage(), d -> new int[2])[outcome.refused() ? 1 : 0]++;
      } catch (AssertionError e) {
        failures.add(
            "seed "
                + seed
                + ": "
                + e.getMessage()
                + "\n  rerun: -Dconcoord.wal.seed="
                + seed
                + " -Dconcoord.wal.cases=1");
      }
    }
    StringBuilder table = new StringBuilder();
    counts.forEach(
        (damage, c) ->
            table.append(String.format("%-20s recovered %4d  refused %4d%n", damage, c[0], c[1])));
    System.out.print("crash consistency, " + CASES + " cases from seed " + SEED + ":\n" + table);
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + CASES + " cases failed:\n" + String.join("\n", failures));
    }
    if (CASES >= 100) {
      assertTrue(
          counts.containsKey(Damage.TORN) && counts.get(Damage.TORN)[0] >= 20,
          "too few torn-write cases ran:\n" + table);
    }
  }

  private Outcome runCase(long seed) throws IOException {
    RandomWrites writes = new RandomWrites(seed);
    Random random = writes.random();
    Path dir = work.resolve("case-" + seed);
    StorageConfig config =
        StorageConfig.fsync(dir).withCompaction(4096 + random.nextInt(64 * 1024), 64 * 1024);
    Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
    Written written = write(config, writes);
    Path file = dir.resolve(AcceptorLog.FILE);
    List<DurableWrite> acknowledged = written.acknowledged();
    List<DurableWrite> unacknowledged = List.of();
    if (damage != Damage.TORN) {
      acknowledged.addAll(written.last()); // its sync completed: acknowledged like the others
    } else {
      unacknowledged = written.last();
    }
    String what;
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      what = damage(channel, damage, random, written);
    }
    return check(config, file, damage, what, acknowledged, unacknowledged);
  }

  /**
   * A log's groups: the acknowledged ones, and the last one at {@code [lastStart, lastEnd)} of the
   * file.
   */
  record Written(
      List<DurableWrite> acknowledged, List<DurableWrite> last, long lastStart, long lastEnd) {}

  /** Writes a log of random groups through the real code, the last one appended, not compacted. */
  private static Written write(StorageConfig config, RandomWrites writes) throws IOException {
    Random random = writes.random();
    List<DurableWrite> acknowledged = new ArrayList<>();
    while (true) {
      // Groups are appended and synced; the last one must land at the end of the file (not in a
      // compaction) for a torn write to hit it alone.
      acknowledged.clear();
      try (AcceptorLog log = AcceptorLog.open(config, SELF)) {
        int groups = 2 + random.nextInt(40);
        for (int g = 0; g < groups; g++) {
          List<DurableWrite> group = writes.group(12);
          log.append(group);
          acknowledged.addAll(group);
        }
        List<DurableWrite> last = writes.group(12);
        long compactions = log.compactions();
        long lastStart = roundUp(log.end(), LogFormat.SECTOR_BYTES);
        log.append(last);
        long lastEnd = log.end();
        if (log.compactions() == compactions) {
          return new Written(acknowledged, last, lastStart, lastEnd);
        }
      }
      deleteTree(config.dataDir());
    }
  }

  /** Does {@code damage} to the log's file; returns what it did. */
  private static String damage(FileChannel channel, Damage damage, Random random, Written written)
      throws IOException {
    long size = channel.size();
    long lastStart = written.lastStart();
    long lastEnd = written.lastEnd();
    int headerBytes = LogFormat.headerBytes(SELF);
    String what;
    switch (damage) {
      case TORN -> {
        what =
            "lost sectors "
                + loseSectors(channel, random, lastStart, lastEnd)
                + " of the last group ["
                + lastStart
                + ", "
                + lastEnd
                + ")";
      }
      case TRUNCATE -> {
        long at = random.nextInt((int) Math.min(size, lastEnd + 4096));
        channel.truncate(at);
        what = "cut at " + at;
      }
      case FLIP -> {
        long at = random.nextInt((int) Math.min(size, lastEnd + 2048));
        what = "flipped byte " + at;
        flip(channel, at, 1 + random.nextInt(255));
      }
      case ZERO_EARLIER_SECTOR -> {
        long firstSector = roundUp(headerBytes, LogFormat.SECTOR_BYTES);
        long sectors = (lastStart - firstSector) / LogFormat.SECTOR_BYTES;
        if (sectors <= 0) {
          what = "nothing to zero (a single group)";
          break;
        }
        long at = firstSector + LogFormat.SECTOR_BYTES * (long) random.nextInt((int) sectors);
        channel.write(ByteBuffer.allocate(LogFormat.SECTOR_BYTES), at);
        what = "zeroed the sector at " + at;
      }
      case GARBAGE_PAST_END -> {
        long from = roundUp(lastEnd, LogFormat.SECTOR_BYTES);
        long at = from + random.nextInt((int) Math.min(64 * 1024, size - from - 64));
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        channel.write(ByteBuffer.wrap(garbage), at);
        what = garbage.length + " garbage bytes at " + at;
      }
      case HEADER -> {
        long at = random.nextInt(headerBytes);
        flip(channel, at, 1 + random.nextInt(255));
        what = "flipped header byte " + at;
      }
      default -> throw new IllegalStateException();
    }
    return what;
  }

  private static Outcome check(
      StorageConfig config,
      Path file,
      Damage damage,
      String what,
      List<DurableWrite> acknowledged,
      List<DurableWrite> unacknowledged)
      throws IOException {
    List<DurableWrite> recovered;
    try (AcceptorLog log = AcceptorLog.open(config, SELF)) {
      recovered = log.recoveredWrites();
    } catch (LogCorruptException e) {
      String message = e.getMessage();
      assertTrue(
          message.contains(file.toString()) && message.contains("byte offset "),
          damage + " (" + what + "): the refusal must name the file and the offset: " + message);
      if (damage == Damage.TORN) {
        fail("a torn last group must be recovered, not refused (" + what + "): " + message);
      }
      return new Outcome(damage, true);
    }
    if (damage == Damage.TRUNCATE || damage == Damage.HEADER) {
      fail(damage + " (" + what + ") was not detected");
    }
    Acceptor state = RandomWrites.replay(recovered);
    List<DurableWrite> candidate = new ArrayList<>(acknowledged);
    for (int prefix = 0; prefix <= unacknowledged.size(); prefix++) {
      if (prefix > 0) {
        candidate.add(unacknowledged.get(prefix - 1));
      }
      if (RandomWrites.sameState(state, RandomWrites.replay(candidate))) {
        // Recovering again (after the rewrite that drops a torn tail) changes nothing.
        try (AcceptorLog again = AcceptorLog.open(config, SELF)) {
          assertTrue(
              RandomWrites.sameState(state, RandomWrites.replay(again.recoveredWrites())),
              damage + " (" + what + "): a second recovery differs");
        }
        return new Outcome(damage, false);
      }
    }
    fail(
        damage
            + " ("
            + what
            + "): recovered "
            + RandomWrites.describe(state)
            + ", which is not every acknowledged write plus a prefix of the last group; expected "
            + RandomWrites.describe(RandomWrites.replay(acknowledged)));
    return null;
  }

  /** Zeros a non-empty random subset of the sectors of {@code [from, to)}; returns their starts. */
  private static List<Long> loseSectors(FileChannel channel, Random random, long from, long to)
      throws IOException {
    List<Long> sectors = new ArrayList<>();
    for (long at = from; at < to; at += LogFormat.SECTOR_BYTES) {
      sectors.add(at);
    }
    List<Long> lost = new ArrayList<>();
    for (Long sector : sectors) {
      if (random.nextBoolean()) {
        lost.add(sector);
      }
    }
    if (lost.isEmpty()) {
      lost.add(sectors.get(random.nextInt(sectors.size())));
    }
    for (Long sector : lost) {
      channel.write(ByteBuffer.allocate(LogFormat.SECTOR_BYTES), sector);
    }
    return lost;
  }

  private static void flip(FileChannel channel, long at, int mask) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    channel.read(one, at);
    one.flip();
    byte value = (byte) (one.get(0) ^ mask);
    channel.write(ByteBuffer.wrap(new byte[] {value}), at);
  }

  private static long roundUp(long value, long unit) {
    return (value + unit - 1) / unit * unit;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
