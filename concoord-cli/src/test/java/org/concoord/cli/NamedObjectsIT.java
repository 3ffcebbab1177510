package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.concoord.cli.deploy.Deployment;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.client.ObjectInfo;
import org.concoord.objects.CounterProxy;
import org.concoord.objects.LockProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's process test: one instance (3 replicas, 3 acceptors, real processes) of the object
 * library's jar hosts 3,000 Locks, 300 Counters and a Queue by name, created on first use; several
 * clients use every lock and counter while the leader is killed with kill -9. Every lock's holders
 * are checked by fencing tokens (a resource refusing a token not above the last one it saw), every
 * counter must equal its acknowledged increments, and the queue must hold exactly what was put.
 * Then the bad input of the issue from the shell: an unknown class, a name of another class, a
 * deleted object, a name over the bound: each refused clearly, nothing created. {@code
 * -Dnamed.locks=10000 -Dnamed.counters=1000} is issue 18's scale (about two minutes in a full
 * build, so the build runs a third of it); {@code -Dnamed.locks=100000 -Dnamed.counters=10000} a
 * bigger variant.
 */
class NamedObjectsIT {
  static final String OBJECTS_JAR = "concoord-objects/target/concoord-objects-0.1.0-SNAPSHOT.jar";
  static final String LOCK = "org.concoord.objects.Lock";
  static final String COUNTER = "org.concoord.objects.Counter";
  static final int LOCKS = Integer.getInteger("named.locks", 3_000);
  static final int COUNTERS = Integer.getInteger("named.counters", 300);
  static final int CLIENTS = 3;

  /** Lock and counter chains one client has in flight at once. */
  static final int IN_FLIGHT = 128;

  @TempDir Path work;

  /** A resource guarded by one lock: it refuses a fencing token not above the last it took. */
  static final Map<Integer, AtomicLong> LAST_TOKEN = new ConcurrentHashMap<>();

  @Test
  void thousandsOfLocksCountersAndAQueueSurviveTheLeadersDeathAndRefuseBadInput() throws Exception {
    Path dir = work.resolve("instance");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = initialize(kit, dir);

      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      AtomicLong[] acked = new AtomicLong[COUNTERS];
      for (int i = 0; i < COUNTERS; i++) {
        acked[i] = new AtomicLong();
      }
      AtomicInteger lockUses = new AtomicInteger();
      AtomicInteger queued = new AtomicInteger();
      int total = LOCKS * CLIENTS;
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(
            CompletableFuture.runAsync(
                () -> runClient(bootstrap, client, acked, lockUses, queued, problems)));
      }
      // Kill the leader once a third of the lock uses are done.
      Poll.await(
          600,
          100,
          () -> "no progress: " + lockUses.get(), // the clients' progress
          () -> lockUses.get() >= total / 3 || !problems.isEmpty());
      long killedPid = killLeader(kit, dir);
      CompletableFuture.allOf(clients.toArray(new CompletableFuture[0])).get(600, TimeUnit.SECONDS);
      assertTrue(
          problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.peek());
      assertEquals(total, lockUses.get());

      everyCounterQueueAndLockIsThere(bootstrap, acked, queued.get());
      proxiesByName(bootstrap);
      badInputFromTheShell(kit, dir, bootstrap);
      assertTrue(killedPid > 0);
      kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
    }
  }

  /** Initializes a 3+3 instance of the objects jar with a 256 MiB heap; returns its bootstrap. */
  private static String initialize(ProcessKit kit, Path dir) throws Exception {
    ProcessKit.Result started =
        kit.run(
            240,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            OBJECTS_JAR,
            "-c",
            COUNTER,
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
    return lines[lines.length - 1].trim();
  }

  /**
   * Every counter equals its acknowledged increments, the queue holds every acknowledged put, and
   * every lock and counter is listed and described.
   */
  private static void everyCounterQueueAndLockIsThere(
      String bootstrap, AtomicLong[] acked, int queued) {
    try (ConcoordClient check = ConcoordClient.connect(bootstrap, options())) {
      for (int i = 0; i < COUNTERS; i++) {
        long value = check.object("counters/" + i, COUNTER).invoke("get", long.class);
        assertEquals(acked[i].get(), value, "counters/" + i + " equals its acked increments");
      }
      int size =
          check.object("queues/jobs", "org.concoord.objects.Queue").invoke("size", int.class);
      assertEquals(queued, size, "the queue holds every acknowledged put");
      List<ObjectInfo> locks = check.objects().list("locks/");
      assertEquals(LOCKS, locks.size());
      assertTrue(locks.stream().allMatch(info -> info.className().equals(LOCK)));
      assertEquals(COUNTERS, check.objects().list("counters/").size());
      ObjectInfo described = check.objects().describe("locks/7");
      assertEquals(LOCK, described.className());
      assertTrue(described.createdSlot() > 0 && described.stateBytes() > 0, described::toString);
    }
  }

  private static ClientOptions options() {
    return ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(120));
  }

  /**
   * Every lock once (in its own order: acquire, use the resource with the token, release), two
   * increments of each of its counters, and a few puts, at most {@link #IN_FLIGHT} at a time.
   */
  private static void runClient(
      String bootstrap,
      int client,
      AtomicLong[] acked,
      AtomicInteger lockUses,
      AtomicInteger queued,
      ConcurrentLinkedQueue<String> problems) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < LOCKS; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(client));
    Semaphore room = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> chains = new ArrayList<>();
    try (ConcoordClient root = ConcoordClient.connect(bootstrap, options())) {
      for (int step = 0; step < order.size(); step++) {
        int i = order.get(step);
        room.acquireUninterruptibly();
        ConcoordClient lock = root.object("locks/" + i, LOCK);
        CompletableFuture<?> chain =
            lock.<Long>invokeAsync("acquire", long.class)
                .thenCompose(
                    token -> {
                      use(i, token, client, problems);
                      return lock.invokeAsync("release", void.class);
                    })
                .thenRun(lockUses::incrementAndGet);
        if (step % (LOCKS / COUNTERS) == 0) {
          int counter = (step / (LOCKS / COUNTERS) + client) % COUNTERS;
          ConcoordClient target = root.object("counters/" + counter, COUNTER);
          chain =
              CompletableFuture.allOf(
                  chain,
                  target
                      .invokeAsync("add", long.class, 1L)
                      .thenRun(acked[counter]::incrementAndGet)
                      .thenCompose(x -> target.invokeAsync("add", long.class, 1L))
                      .thenRun(acked[counter]::incrementAndGet));
        }
        if (step % 1000 == 0) {
          chain =
              CompletableFuture.allOf(
                  chain,
                  root.object("queues/jobs", "org.concoord.objects.Queue")
                      .invokeAsync("put", int.class, "job-" + client + "-" + step)
                      .thenRun(queued::incrementAndGet));
        }
        chains.add(
            chain.whenComplete(
                (x, error) -> {
                  room.release();
                  if (error != null) {
                    problems.add("client " + client + " lock " + i + ": " + error);
                  }
                }));
      }
      CompletableFuture.allOf(chains.toArray(new CompletableFuture[0])).join();
    } catch (RuntimeException e) {
      problems.add("client " + client + ": " + e);
    }
  }

  /** The guarded resource: a token must be above every token it took before for this lock. */
  private static void use(
      int lock, long token, int client, ConcurrentLinkedQueue<String> problems) {
    AtomicLong last = LAST_TOKEN.computeIfAbsent(lock, k -> new AtomicLong());
    long before = last.getAndAccumulate(token, Math::max);
    if (token <= before) {
      problems.add(
          "locks/"
              + lock
              + ": client "
              + client
              + " came with token "
              + token
              + " after token "
              + before
              + " was used: two holders at once");
    }
  }

  static long killLeader(ProcessKit kit, Path dir) throws Exception {
    String leader =
        Poll.await(
            60,
            200,
            () -> "no leader to kill",
            () ->
                kit.run(
                        60,
                        ProcessKit.CONCOORD.toString(),
                        "status",
                        "--json",
                        "--dir",
                        dir.toString())
                    .output()
                    .lines()
                    .filter(l -> l.contains("\"leading\":true"))
                    .findFirst()
                    .map(l -> l.replaceAll(".*\"address\":\"([^\"]+)\".*", "$1"))
                    .orElse(null));
    long pid =
        Deployment.read(dir).nodes().stream()
            .filter(n -> n.address().equals(leader))
            .findFirst()
            .orElseThrow()
            .pid();
    new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    return pid;
  }

  /** The generated proxies' (bootstrap, name) constructor, and a proxy of the wrong class. */
  private static void proxiesByName(String bootstrap) {
    try (LockProxy lock = new LockProxy(bootstrap, "locks/7")) {
      long token = lock.acquire();
      assertTrue(token > LAST_TOKEN.get(7).get(), "a token above every earlier one: " + token);
      lock.release();
    }
    try (CounterProxy wrong = new CounterProxy(bootstrap, "locks/7")) {
      ConcoordRejectedException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              ConcoordRejectedException.class, wrong::get);
      assertTrue(
          refused.getMessage().contains("is a " + LOCK + ", not a " + COUNTER),
          refused.getMessage());
    }
  }

  /** The bad input, each refused with a clear message, and nothing created. */
  private static void badInputFromTheShell(ProcessKit kit, Path dir, String bootstrap)
      throws Exception {
    String concoord = ProcessKit.CONCOORD.toString();
    ProcessKit.Result unknown =
        kit.run(
            60,
            concoord,
            "call",
            "-b",
            bootstrap,
            "-o",
            "new/one",
            "--class",
            "org.nowhere.Thing",
            "get");
    assertEquals(1, unknown.exitCode(), unknown.output());
    assertTrue(unknown.output().contains("unknown class 'org.nowhere.Thing'"), unknown.output());
    ProcessKit.Result wrong =
        kit.run(
            60, concoord, "call", "-b", bootstrap, "-o", "locks/1", "--class", "Counter", "get");
    assertEquals(1, wrong.exitCode(), wrong.output());
    assertTrue(
        wrong.output().contains("object 'locks/1' is a " + LOCK + ", not a " + COUNTER),
        wrong.output());
    ProcessKit.Result deleted =
        kit.run(60, concoord, "objects", "-b", bootstrap, "delete", "counters/0");
    assertEquals(0, deleted.exitCode(), deleted.output());
    ProcessKit.Result late =
        kit.run(
            60, concoord, "call", "-b", bootstrap, "-o", "counters/0", "--class", "Counter", "get");
    assertEquals(1, late.exitCode(), late.output());
    assertTrue(late.output().contains("object 'counters/0' was deleted at slot"), late.output());
    ProcessKit.Result tooLong =
        kit.run(60, concoord, "call", "-b", bootstrap, "-o", "n".repeat(256), "get");
    assertEquals(1, tooLong.exitCode(), tooLong.output());
    assertTrue(tooLong.output().contains("over the bound of 255"), tooLong.output());
    ProcessKit.Result list = kit.run(60, concoord, "objects", "-b", bootstrap, "list", "new/");
    assertEquals(0, list.exitCode(), list.output());
    assertEquals("", list.output().trim(), "nothing created by the refused calls");
    ProcessKit.Result counters =
        kit.run(60, concoord, "objects", "-b", bootstrap, "list", "counters/");
    assertEquals(COUNTERS - 1, counters.output().trim().split("\n").length, "one deleted");
  }
}
