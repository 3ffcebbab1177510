package org.concoord.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The core alone in its steady state, for comparing two builds on a loaded machine: the same
 * {@code CoreCluster} as {@code CoreThroughputMain}, but measured only after {@code warmCpu}
 * CPU-seconds of the pump thread (a 10 s wall-clock run gets 2 to 3 CPU-seconds at load 15 and
 * measures mostly the JIT's warm-up), then for {@code measureCpu} CPU-seconds. Prints commands
 * per CPU-second of the pump thread, bytes allocated by it per command (independent of the load)
 * and GC time. Compiled against either build's benchmarks jar (it uses only what wave 1's has):
 *
 * <pre>
 * javac -cp X-core.jar -d /tmp/steady docs/measure/CoreSteady.java
 * java -XX:+UseParallelGC -Xms2g -Xmx2g -cp /tmp/steady:X-core.jar \
 *     org.concoord.bench.CoreSteady [warmCpu=3] [measureCpu=5] [batchMax=8] [clients=50]
 * </pre>
 */
public final class CoreSteady {
  private CoreSteady() {}

  public static void main(String[] args) {
    double warmCpu = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    double measureCpu = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    int batchMax = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    int commands = CoreThroughputBenchmark.COMMANDS;
    CoreCluster cluster = CoreCluster.started(batchMax, commands, clients, 42);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long warmStart = threads.getCurrentThreadCpuTime();
    while (threads.getCurrentThreadCpuTime() - warmStart < warmCpu * 1e9) {
      cluster.round();
    }
    long cpuStart = threads.getCurrentThreadCpuTime();
    long allocStart = threads.getThreadAllocatedBytes(thread);
    long gcStart = gcMillis();
    long measured = 0;
    while (threads.getCurrentThreadCpuTime() - cpuStart < measureCpu * 1e9) {
      cluster.round();
      measured += commands;
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    long allocated = threads.getThreadAllocatedBytes(thread) - allocStart;
    long gc = gcMillis() - gcStart;
    cluster.verify();
    System.out.printf("steady: %,d commands, %,.0f per CPU-second, %,.0f B allocated per command,"
        + " GC %d ms%n", measured, measured * 1e9 / cpu, (double) allocated / measured, gc);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
