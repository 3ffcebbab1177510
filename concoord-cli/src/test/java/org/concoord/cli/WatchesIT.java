package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.Watch;
import org.concoord.client.WatchListener;
import org.concoord.objects.CounterProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's process test: one instance (3 replicas, 3 acceptors, real processes) of the object
 * library's Counter; 1,000 watches of {@code getvalue} opened by several clients (each client's
 * watches on one replica drawn at random, so they spread), 10,000 increments, the leader killed
 * with kill -9 midway. Every watcher must end on the final value, and none may see a value go
 * backwards, repeat, or come with a slot not above the last. Then {@code concoord watch} from the
 * shell prints the value with its slot, refuses a method that writes, {@code --writes} prints the
 * write calls (or the gap before what is retained), and a proxy's {@code watch(p -> p.getvalue(),
 * ...)} gets it too. {@code -Dwatches.watchers=N -Dwatches.writes=N} runs another size.
 */
class WatchesIT {
  static final String OBJECTS_JAR = NamedObjectsIT.OBJECTS_JAR;
  static final int WATCHERS = Integer.getInteger("watches.watchers", 1_000);
  static final int WRITES = Integer.getInteger("watches.writes", 10_000);
  static final int CLIENTS = 10;

  @TempDir Path work;

  /** One watcher: the values it saw must rise, one by one or more, with rising slots. */
  static final class Watcher implements WatchListener<Integer> {
    final ConcurrentLinkedQueue<String> problems;
    volatile int last = -1;
    volatile long lastSlot = -1;
    final AtomicInteger events = new AtomicInteger();

    Watcher(ConcurrentLinkedQueue<String> problems) {
      this.problems = problems;
    }

    @Override
    public void onValue(Integer value, long slot) {
      events.incrementAndGet();
      if (value <= last) {
        problems.add("value " + value + " at slot " + slot + " after " + last);
      }
      if (slot <= lastSlot) {
        problems.add("slot " + slot + " after slot " + lastSlot);
      }
      last = value;
      lastSlot = slot;
    }

    @Override
    public void onEnded(String why) {
      problems.add("a watch ended: " + why);
    }
  }

  @Test
  void aThousandWatchersEndOnTheFinalValueAcrossTheLeadersDeathAndNoneGoesBackwards()
      throws Exception {
    Path dir = work.resolve("instance");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      ProcessKit.Result started =
          kit.run(
              240,
              ProcessKit.CONCOORD.toString(),
              "initialize",
              "-f",
              OBJECTS_JAR,
              "-c",
              "org.concoord.objects.Counter",
              "-r",
              "3",
              "-a",
              "3",
              "--dir",
              dir.toString(),
              "--heap",
              "256m");
      assertEquals(0, started.exitCode(), started.output());
      String[] lines = started.output().trim().split("\n");
      String bootstrap = lines[lines.length - 1].trim();

      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      List<ConcoordClient> clients = new ArrayList<>();
      List<Watcher> watchers = new ArrayList<>();
      List<Watch> watches = new ArrayList<>();
      try {
        for (int c = 0; c < CLIENTS; c++) {
          clients.add(ConcoordClient.connect(bootstrap, ClientOptions.defaults()));
        }
        for (int w = 0; w < WATCHERS; w++) {
          Watcher watcher = new Watcher(problems);
          watchers.add(watcher);
          watches.add(clients.get(w % CLIENTS).watch("getvalue", int.class, watcher));
        }
        awaitAll(watchers, 0, 120, "the first value");

        long killed = writeAndKillTheLeader(kit, dir, bootstrap);
        assertTrue(killed > 0);
        awaitAll(watchers, WRITES, 180, "the final value " + WRITES);
        assertTrue(problems.isEmpty(), problems.stream().limit(10).toList().toString());
        assertTrue(watches.stream().allMatch(Watch::isActive));
        long events = watchers.stream().mapToLong(w -> w.events.get()).sum();
        assertTrue(events >= 2L * WATCHERS, "at least the first and the final value each");
        fromTheShellAndAProxy(kit, dir, bootstrap);
      } finally {
        clients.forEach(ConcoordClient::close);
        // The nodes run detached from the kit's processes: stop them whatever failed.
        kit.run(120, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  /** 10,000 increments, pipelined; the leader killed with kill -9 after half of them. */
  private static long writeAndKillTheLeader(ProcessKit kit, Path dir, String bootstrap)
      throws Exception {
    long killed = 0;
    try (ConcoordClient writer = ConcoordClient.connect(bootstrap, ClientOptions.defaults())) {
      Semaphore window = new Semaphore(256);
      AtomicLong failed = new AtomicLong();
      List<CompletableFuture<Object>> calls = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        if (i == WRITES / 2) {
          window.acquire(256); // the first half acknowledged, then the kill
          window.release(256);
          killed = NamedObjectsIT.killLeader(kit, dir);
        }
        window.acquire();
        calls.add(
            writer
                .invokeAsync("increment", void.class)
                .whenComplete(
                    (r, e) -> {
                      window.release();
                      if (e != null) {
                        failed.incrementAndGet();
                      }
                    }));
      }
      CompletableFuture.allOf(calls.toArray(new CompletableFuture[0]))
          .exceptionally(e -> null)
          .get(240, TimeUnit.SECONDS);
      assertEquals(0, failed.get(), "increments that failed");
      assertEquals(WRITES, writer.<Integer>invoke("getvalue", int.class));
    }
    return killed;
  }

  private static void awaitAll(List<Watcher> watchers, int value, int seconds, String what)
      throws Exception {
    if (Poll.until(seconds, 100, () -> watchers.stream().allMatch(w -> w.last == value))) {
      return;
    }
    long behind = watchers.stream().filter(w -> w.last != value).count();
    throw new AssertionError(
        behind
            + " of "
            + watchers.size()
            + " watchers did not reach "
            + what
            + " in "
            + seconds
            + " s; e.g. at "
            + watchers.stream()
                .filter(w -> w.last != value)
                .findFirst()
                .map(w -> w.last + "@" + w.lastSlot)
                .orElse("?"));
  }

  /** `concoord watch` prints the value with its slot; a proxy's watch(p -> ...) gets it too. */
  private static void fromTheShellAndAProxy(ProcessKit kit, Path dir, String bootstrap)
      throws Exception {
    ProcessKit.Result printed =
        kit.run(
            60,
            ProcessKit.CONCOORD.toString(),
            "watch",
            "-b",
            bootstrap,
            "--count",
            "1",
            "getvalue");
    assertEquals(0, printed.exitCode(), printed.output());
    assertTrue(printed.output().strip().matches("(?s).*\\b\\d+ " + WRITES + "$"), printed.output());
    ProcessKit.Result refused =
        kit.run(
            60,
            ProcessKit.CONCOORD.toString(),
            "watch",
            "-b",
            bootstrap,
            "--count",
            "1",
            "increment");
    assertEquals(1, refused.exitCode(), refused.output());
    assertTrue(refused.output().contains("read-only"), refused.output());
    // The audit stream from slot 1: the retained write calls, oldest first, one JSON line each.
    ProcessKit.Result audit =
        kit.run(
            60,
            ProcessKit.CONCOORD.toString(),
            "watch",
            "-b",
            bootstrap,
            "--writes",
            "--count",
            "3");
    assertEquals(0, audit.exitCode(), audit.output());
    List<String> writes = audit.output().lines().filter(l -> l.startsWith("{")).toList();
    assertEquals(3, writes.size(), audit.output());
    assertTrue(
        writes.stream()
            .allMatch(l -> l.contains("\"method\":\"increment\"") || l.contains("\"gap\"")),
        audit.output());

    try (CounterProxy counter = new CounterProxy(bootstrap)) {
      ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
      Watch watch = counter.watch(p -> p.getvalue(), (value, slot) -> seen.add(value));
      // The watch registers on its own connection: the increment must come after its first
      // value, else that first value (the current one) is already the incremented one.
      Poll.until(60, 50, () -> !seen.isEmpty());
      counter.increment();
      Poll.until(60, 50, () -> seen.contains(WRITES + 1));
      watch.cancel();
      assertEquals(List.of(WRITES, WRITES + 1), List.copyOf(seen));
    }
  }
}
