package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.simulator.check.CheckResult;
import org.concoord.simulator.check.CounterChecker;
import org.concoord.simulator.check.CounterHistory;
import org.concoord.simulator.check.CounterModel;
import org.concoord.simulator.check.LinearizabilityChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault test in the spirit of Jepsen, on real processes: 3 replicas and 3 acceptors, each on its
 * own loopback address with durability fsync; five clients add to and read a counter, every call
 * recorded with its invocation and completion time; a nemesis injects, one at a time, kill -9 of a
 * node (restarted on its address and data), SIGSTOP/SIGCONT of a node or the leader, an iptables
 * partition isolating a node or the leader, and a kill of the whole instance (restarted from disk).
 * The history is recorded compactly ({@code check.CounterHistory}, 29 bytes a call) and checked at
 * the end by {@code check.CounterChecker}, exact in n log n, and for the short schedule also by the
 * general search ({@code check.LinearizabilityChecker}); the availability per fault (the longest
 * stretch without a successful call, from the fault's start to its end plus the quiet time after
 * it) and the machine's load average at each fault are printed.
 *
 * <p>The default schedule runs each fault once (about a minute). The long one: {@code mvn -B -pl
 * concoord-cli -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=FaultScheduleIT -Dconcoord.faults.seconds=1800} (random faults for that long, seeded by
 * {@code -Dconcoord.faults.seed}); the summary also goes to {@code
 * concoord-cli/target/fault-schedule.txt}.
 */
class FaultScheduleIT {
  /** The nemesis' faults. */
  enum Fault {
    KILL,
    PAUSE,
    PAUSE_LEADER,
    PARTITION,
    PARTITION_LEADER,
    INSTANCE_KILL
  }

  /** One injected fault and the longest time without a successful call around it. */
  record Window(Fault fault, String target, long startNanos, long endNanos) {}

  private static final int CLIENTS = 5;

  /** Unexpected errors kept for the report; more are only counted. */
  private static final int ERRORS_KEPT = 20;

  /** Kept when the test fails: the nodes' logs are the evidence. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger errorCount = new AtomicInteger();
  private final List<Double> loads = new ArrayList<>();

  @Test
  void aCounterStaysLinearizableUnderKillsPausesPartitionsAndAWholeInstanceKill() throws Exception {
    long seconds = Long.getLong("concoord.faults.seconds", 0);
    long seed = Long.getLong("concoord.faults.seed", System.nanoTime());
    // A quarter of the heap for the history; the checker needs about as much again.
    CounterHistory history =
        new CounterHistory(
            (int)
                Math.min(
                    Integer.MAX_VALUE,
                    Runtime.getRuntime().maxMemory() / 4 / CounterHistory.BYTES_PER_OPERATION));
    long startNanos = System.nanoTime();
    List<Window> windows = runSchedule(history, seconds, seed, startNanos);
    String summary =
        summarize(history, windows, seed, seconds, startNanos)
            + "nodes' logs: "
            + work
            + " (kept if the test fails)\n";
    long checkStart = System.nanoTime();
    CheckResult result = new CounterChecker().check(history);
    summary +=
        String.format(
            "verdict: %s (counter check, %.1f s)%n",
            result.verdict(), (System.nanoTime() - checkStart) / 1e9);
    CheckResult general = null;
    if (seconds == 0) { // the general search too, on a history small enough for it
      checkStart = System.nanoTime();
      general = new LinearizabilityChecker<>(new CounterModel()).check(history.operations());
      summary +=
          String.format(
              "verdict: %s (general search, %.1f s)%n",
              general.verdict(), (System.nanoTime() - checkStart) / 1e9);
    }
    System.out.println(summary);
    Files.writeString(
        ProcessKit.ROOT.resolve("concoord-cli/target/fault-schedule.txt"),
        summary + (result.isLinearizable() ? "" : result + "\n"));
    if (!result.isLinearizable()) { // the evidence: every call, one a line
      try (var out =
          Files.newBufferedWriter(
              ProcessKit.ROOT.resolve("concoord-cli/target/fault-schedule-history.txt"))) {
        for (int id = 0; id < history.size(); id++) {
          out.write(history.operation(id) + "\n");
        }
      }
    }
    assertTrue(errors.isEmpty(), errorCount + " calls failed in a way they must not: " + errors);
    assertEquals(CheckResult.Verdict.LINEARIZABLE, result.verdict(), result.toString());
    if (general != null) {
      assertEquals(CheckResult.Verdict.LINEARIZABLE, general.verdict(), general.toString());
    }
  }

  /** Starts the instance and the clients, injects the faults, and stops the clients. */
  private List<Window> runSchedule(CounterHistory history, long seconds, long seed, long startNanos)
      throws Exception {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      hosts.add("127.0.144." + i);
    }
    boolean canCut = Instance.canCut();
    List<Window> windows = new ArrayList<>();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      Instance instance = Instance.start(kit, work, 3, 3, hosts, "--remove-after", "0");
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> clients = startClients(instance, history, running);
      try {
        Thread.sleep(2_000); // the healthy start of the history
        Random random = new Random(seed);
        List<Fault> schedule = new ArrayList<>(List.of(Fault.values()));
        long until = startNanos + seconds * 1_000_000_000L;
        for (int i = 0; seconds > 0 ? System.nanoTime() < until : i < schedule.size(); i++) {
          Fault fault =
              seconds > 0 ? schedule.get(random.nextInt(schedule.size())) : schedule.get(i);
          if (!canCut && (fault == Fault.PARTITION || fault == Fault.PARTITION_LEADER)) {
            continue;
          }
          loads.add(loadAverage());
          windows.add(inject(instance, fault, hosts, random, seconds > 0));
        }
      } finally {
        running.set(false);
        for (Thread client : clients) {
          client.join(120_000);
        }
      }
    }
    return windows;
  }

  private List<Thread> startClients(
      Instance instance, CounterHistory history, AtomicBoolean running) {
    ClientOptions options =
        ClientOptions.defaults()
            .withRequestTimeout(Duration.ofMillis(500))
            .withCallTimeout(Duration.ofSeconds(20));
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int index = c;
      Thread thread = new Thread(() -> runClient(index, instance, history, running, options));
      thread.start();
      threads.add(thread);
    }
    return threads;
  }

  private void runClient(
      int index,
      Instance instance,
      CounterHistory history,
      AtomicBoolean running,
      ClientOptions options) {
    Random random = new Random(index);
    try (ConcoordClient client = ConcoordClient.connect(instance.bootstrap(), options)) {
      while (running.get()) {
        boolean add = random.nextInt(3) != 0;
        int op = history.invoke(index, add, System.nanoTime());
        try {
          long value =
              client.invoke(
                  add ? "add" : "get", long.class, add ? new Object[] {1L} : new Object[0]);
          history.complete(op, value, System.nanoTime());
        } catch (RuntimeException e) {
          history.indeterminate(op); // timed out or unreachable: it may or may not have happened
          String message = String.valueOf(e.getMessage());
          if (!message.contains("no final reply") && !message.contains("may or may not")) {
            error("client " + index + ": " + message);
          }
          pause(200); // no tight loop of failing calls while the instance is down
        }
      }
    } catch (IllegalStateException e) {
      error("client " + index + " stopped: " + e.getMessage()); // the history is full
    }
  }

  private void error(String message) {
    if (errorCount.incrementAndGet() <= ERRORS_KEPT) {
      errors.add(message);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Window inject(
      Instance instance, Fault fault, List<String> hosts, Random random, boolean longRun)
      throws Exception {
    List<Instance.Node> nodes = instance.nodes();
    Instance.Node target =
        fault == Fault.PAUSE_LEADER || fault == Fault.PARTITION_LEADER
            ? instance.awaitLeader()
            : nodes.get(random.nextInt(nodes.size()));
    long holdMillis = 2_000 + random.nextInt(longRun ? 8_000 : 1_500);
    long start = System.nanoTime();
    switch (fault) {
      case KILL -> {
        instance.kill(target);
        Thread.sleep(holdMillis); // the fault's length, not a synchronisation
        instance.restart(target);
      }
      case PAUSE, PAUSE_LEADER -> {
        Instance.signal("STOP", target);
        Thread.sleep(holdMillis);
        Instance.signal("CONT", target);
      }
      case PARTITION, PARTITION_LEADER -> {
        try {
          Instance.cut(true, target.host, hosts);
          Thread.sleep(holdMillis);
        } finally {
          Instance.cut(false, target.host, hosts);
        }
      }
      case INSTANCE_KILL -> {
        for (Instance.Node node : nodes) {
          instance.kill(node);
        }
        Thread.sleep(holdMillis / 2);
        instance.restartAll(nodes);
      }
    }
    Thread.sleep(longRun ? 3_000 : 2_000); // quiet: the instance recovers, in the window
    return new Window(fault, target.name, start, System.nanoTime());
  }

  private String summarize(
      CounterHistory history, List<Window> windows, long seed, long seconds, long startNanos) {
    long[] times = history.completionTimes();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "fault schedule: %s, seed %d, %.0f s, %d clients%n",
            seconds > 0 ? seconds + " s random" : "each fault once",
            seed,
            (System.nanoTime() - startNanos) / 1e9,
            CLIENTS));
    out.append(
        String.format(
            "history: %d operations, %d completed, %d indeterminate%n",
            history.size(), times.length, history.size() - times.length));
    out.append(
        String.format(
            "load average (1 min) at the faults: min %.1f, mean %.1f, max %.1f%n",
            loads.stream().mapToDouble(d -> d).min().orElse(-1),
            loads.stream().mapToDouble(d -> d).average().orElse(-1),
            loads.stream().mapToDouble(d -> d).max().orElse(-1)));
    for (Fault fault : Fault.values()) {
      long worst = 0;
      int count = 0;
      for (Window window : windows) {
        if (window.fault() == fault) {
          count++;
          worst = Math.max(worst, longestGap(times, window.startNanos(), window.endNanos()));
        }
      }
      if (count > 0) {
        out.append(
            String.format(
                "  %-17s x%-3d longest gap without a successful call: %.2f s%n",
                fault, count, worst / 1e9));
      }
    }
    return out.toString();
  }

  /** The machine's one-minute load average, or -1 where /proc/loadavg is missing. */
  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The longest stretch within [from, to] with no successful call completing. */
  static long longestGap(long[] sortedTimes, long from, long to) {
    int at = Arrays.binarySearch(sortedTimes, from);
    long last = from;
    long worst = 0;
    for (int i = at < 0 ? -at - 1 : at; i < sortedTimes.length && sortedTimes[i] <= to; i++) {
      worst = Math.max(worst, sortedTimes[i] - last);
      last = sortedTimes[i];
    }
    return Math.max(worst, to - last);
  }
}
