package org.concoord.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link CoreThroughputBenchmark} pump without JMH, for quick runs and profiling: one cluster,
 * rounds of 10,000 increments from {@code clients} clients for about {@code seconds} (the same
 * cluster throughout, so its retained log grows as in a real run), commands/s printed each second
 * and overall (the first seconds include JIT warm-up). Also prints the rate per CPU-second of the
 * pumping thread and the GC time: on a shared machine, wall-clock rates vary with the load, these
 * much less.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xms4g -Xmx4g -cp concoord-bench/target/benchmarks.jar \
 *     org.concoord.bench.CoreThroughputMain \
 *     [seconds=10] [batchMax=4096] [clients=10000]
 * </pre>
 */
public final class CoreThroughputMain {
  private CoreThroughputMain() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int batchMax = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : CoreThroughputBenchmark.COMMANDS;
    int commands = CoreThroughputBenchmark.COMMANDS;
    CoreCluster cluster = CoreCluster.started(batchMax, commands, clients, 42);
    System.out.printf(
        "core alone: 3 replicas, 3 acceptors, batchMax=%d, %d commands per round from %d clients,"
            + " %.0f s%n",
        batchMax, commands, clients, seconds);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long gcStart = gcMillis();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long lapStart = start;
    long lapCommands = 0;
    long now = start;
    while (now < end) {
      cluster.round();
      lapCommands += commands;
      now = System.nanoTime();
      if (now - lapStart >= 1_000_000_000L) {
        System.out.printf("  %,12.0f commands/s%n", lapCommands * 1e9 / (now - lapStart));
        lapStart = now;
        lapCommands = 0;
      }
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    long gc = gcMillis() - gcStart;
    cluster.verify();
    double elapsed = (now - start) / 1e9;
    long total = cluster.submitted();
    System.out.printf(
        "total: %,d commands in %,d slots (%.1f per slot), %,d messages, %.2f s:"
            + " %,.0f commands/s%n",
        total,
        cluster.slotsExecuted(),
        (double) total / cluster.slotsExecuted(),
        cluster.messagesDelivered(),
        elapsed,
        total / elapsed);
    System.out.printf(
        "pump thread CPU %.2f s: %,.0f commands per CPU-second; GC %,d ms%n",
        cpu / 1e9, total * 1e9 / cpu, gc);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
