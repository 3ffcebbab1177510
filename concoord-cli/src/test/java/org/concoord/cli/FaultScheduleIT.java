package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.simulator.check.CheckResult;
import org.concoord.simulator.check.CounterModel;
import org.concoord.simulator.check.History;
import org.concoord.simulator.check.LinearizabilityChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault test in the spirit of Jepsen, on real processes: 3 replicas and 3 acceptors, each on its
 * own loopback address with durability fsync; five clients add to and read a counter, every call
 * recorded with its invocation and completion time; a nemesis injects, one at a time, kill -9 of
 * a node (restarted on its address and data), SIGSTOP/SIGCONT of a node or the leader, an iptables
 * partition isolating a node or the leader, and a kill of the whole instance (restarted from
 * disk). At the end the history goes to the linearizability checker of concoord-simulator, and
 * the availability per fault (the longest stretch without a successful call, from the fault's
 * start to its end plus the quiet time after it) is printed.
 *
 * <p>The default schedule runs each fault once (about a minute). The long one:
 * {@code mvn -B -pl concoord-cli -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=FaultScheduleIT -Dconcoord.faults.seconds=1800} (random faults for that long, seeded by
 * {@code -Dconcoord.faults.seed}); the summary also goes to
 * {@code concoord-cli/target/fault-schedule.txt}.
 */
class FaultScheduleIT {
  /** The nemesis' faults. */
  enum Fault { KILL, PAUSE, PAUSE_LEADER, PARTITION, PARTITION_LEADER, INSTANCE_KILL }

  /** One injected fault and the longest time without a successful call around it. */
  record Window(Fault fault, String target, long startNanos, long endNanos) {}

  private static final int CLIENTS = 5;

  @TempDir Path work;

  private final ConcurrentLinkedQueue<Long> successes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

  @Test
  void aCounterStaysLinearizableUnderKillsPausesPartitionsAndAWholeInstanceKill()
      throws Exception {
    long seconds = Long.getLong("concoord.faults.seconds", 0);
    long seed = Long.getLong("concoord.faults.seed", System.nanoTime());
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      hosts.add("127.0.144." + i);
    }
    boolean canCut = Instance.canCut();
    History history = new History();
    List<Window> windows = new ArrayList<>();
    long startNanos = System.nanoTime();
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
          Fault fault = seconds > 0
              ? schedule.get(random.nextInt(schedule.size())) : schedule.get(i);
          if (!canCut && (fault == Fault.PARTITION || fault == Fault.PARTITION_LEADER)) {
            continue;
          }
          windows.add(inject(instance, fault, hosts, random, seconds > 0));
        }
      } finally {
        running.set(false);
        for (Thread client : clients) {
          client.join(120_000);
        }
      }
    }
    long checkStart = System.nanoTime();
    CheckResult result = new LinearizabilityChecker<>(new CounterModel()).check(history);
    String summary = summarize(history, windows, seed, seconds, startNanos)
        + String.format("verdict: %s (checked in %.1f s)%n", result.verdict(),
            (System.nanoTime() - checkStart) / 1e9);
    System.out.println(summary);
    Files.writeString(ProcessKit.ROOT.resolve("concoord-cli/target/fault-schedule.txt"), summary);
    assertTrue(errors.isEmpty(), "calls failed in a way they must not: " + errors);
    assertEquals(CheckResult.Verdict.LINEARIZABLE, result.verdict(), result.toString());
  }

  private List<Thread> startClients(Instance instance, History history, AtomicBoolean running) {
    ClientOptions options = ClientOptions.defaults()
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

  private void runClient(int index, Instance instance, History history, AtomicBoolean running,
      ClientOptions options) {
    Random random = new Random(index);
    try (ConcoordClient client = ConcoordClient.connect(instance.bootstrap(), options)) {
      while (running.get()) {
        boolean add = random.nextInt(3) != 0;
        History.Handle op = history.invoke(index,
            add ? CounterModel.add(1) : CounterModel.get(), System.nanoTime());
        try {
          long value = client.invoke(add ? "add" : "get", long.class, add ? new Object[] {1L}
              : new Object[0]);
          long now = System.nanoTime();
          history.complete(op, value, now);
          successes.add(now);
        } catch (RuntimeException e) {
          history.indeterminate(op); // timed out or unreachable: it may or may not have happened
          String message = String.valueOf(e.getMessage());
          if (!message.contains("no final reply") && !message.contains("may or may not")) {
            errors.add("client " + index + ": " + message);
          }
          pause(200); // no tight loop of failing calls while the instance is down
        }
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Window inject(Instance instance, Fault fault, List<String> hosts, Random random,
      boolean longRun) throws Exception {
    List<Instance.Node> nodes = instance.nodes();
    Instance.Node target = fault == Fault.PAUSE_LEADER || fault == Fault.PARTITION_LEADER
        ? instance.awaitLeader() : nodes.get(random.nextInt(nodes.size()));
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

  private String summarize(History history, List<Window> windows, long seed, long seconds,
      long startNanos) {
    List<Long> times = new ArrayList<>(successes);
    times.sort(null);
    long indeterminate = history.operations().stream().filter(o -> !o.isCompleted()).count();
    StringBuilder out = new StringBuilder();
    out.append(String.format("fault schedule: %s, seed %d, %.0f s, %d clients%n",
        seconds > 0 ? seconds + " s random" : "each fault once", seed,
        (System.nanoTime() - startNanos) / 1e9, CLIENTS));
    out.append(String.format("history: %d operations, %d completed, %d indeterminate%n",
        history.operations().size(), times.size(), indeterminate));
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
        out.append(String.format("  %-17s x%-3d longest gap without a successful call: %.2f s%n",
            fault, count, worst / 1e9));
      }
    }
    return out.toString();
  }

  /** The longest stretch within [from, to] with no successful call completing. */
  static long longestGap(List<Long> sortedTimes, long from, long to) {
    long last = from;
    long worst = 0;
    for (long t : sortedTimes) {
      if (t < from) {
        continue;
      }
      if (t > to) {
        break;
      }
      worst = Math.max(worst, t - last);
      last = t;
    }
    return Math.max(worst, to - last);
  }
}
