package org.concoord.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commands decided and executed per second by the core alone: one leader, three acceptors and three
 * replicas in one thread, no I/O, no durability ({@link CoreCluster}). One invocation is one round
 * of {@link #COMMANDS} {@code Counter.increment} calls from as many clients, ended when all are
 * answered; JMH divides by {@link OperationsPerInvocation}, so the score is commands/s.
 *
 * <p>{@code batchMax=1} is the unbatched variant (one command per slot) for the batching ratio.
 *
 * <pre>
 * java -jar concoord-bench/target/benchmarks.jar CoreThroughput -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(CoreThroughputBenchmark.COMMANDS)
// The throughput collector: one pumping thread on a 2-core machine does better without G1's
// concurrent refinement and write barriers (see docs/performance.md for both figures).
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class CoreThroughputBenchmark {
  /** Commands (and clients) per invocation. */
  public static final int COMMANDS = 10_000;

  @Param({"4096", "1"})
  public int batchMax;

  /** Distinct client ids; each sends COMMANDS / clients pipelined requests per round. */
  @Param({"10000"})
  public int clients;

  @Param({"42"})
  public long seed;

  private CoreCluster cluster;

  // A fresh cluster per iteration: the acceptors keep every accepted pvalue (the core has no log
  // truncation yet), so one cluster across the whole trial would measure a growing heap as well.
  @Setup(Level.Iteration)
  public void setUp() {
    cluster = CoreCluster.started(batchMax, COMMANDS, clients, seed);
    cluster.round(); // proves the wiring before timing, and fills the sessions
    cluster.verify();
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    cluster.verify();
  }

  @Benchmark
  public long commands() {
    return cluster.round();
  }
}
