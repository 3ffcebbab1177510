package org.concoord.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The closed-loop workload that {@code ../shared/peers/} runs against etcd, ZooKeeper, Ratis and
 * Hazelcast: {@code threads} callers, each with exactly one blocking call outstanding; an
 * unrecorded warm-up, then a measured window of fixed length. Latency is the caller's wall time per
 * call (HdrHistogram, ns). Every loop is bounded by time.
 */
public final class LoadGenerator {
  /** One caller's blocking operation. */
  public interface Operation {
    void run(int thread) throws Exception;
  }

  /** What one measured window produced. */
  public record Result(
      int threads,
      double seconds,
      long ops,
      long errors,
      Histogram latency,
      String firstError,
      long longestGapNanos) {
    public double opsPerSecond() {
      return ops / seconds;
    }
  }

  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;
  static final long JOIN_MILLIS_MAX = 30_000;

  private LoadGenerator() {}

  public static Result run(
      int threads, double warmupSeconds, double durationSeconds, Operation operation)
      throws InterruptedException {
    return run(threads, warmupSeconds, durationSeconds, operation, null);
  }

  /** As above; {@code duringWindow} runs on the calling thread once the measured window starts. */
  public static Result run(
      int threads,
      double warmupSeconds,
      double durationSeconds,
      Operation operation,
      Runnable duringWindow)
      throws InterruptedException {
    AtomicInteger phase = new AtomicInteger(WARMUP);
    Tally tally = new Tally(threads);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread caller =
          new Thread(
              () -> {
                while (phase.get() != STOP) {
                  int at = phase.get();
                  long start = System.nanoTime();
                  try {
                    operation.run(id);
                    long took = System.nanoTime() - start;
                    if (at == MEASURE && phase.get() == MEASURE) {
                      tally.completed(id, took);
                    }
                  } catch (Exception e) {
                    tally.failed(id, e, at == MEASURE);
                  }
                }
              },
              "bench-" + t);
      caller.setDaemon(true);
      callers.add(caller);
    }
    callers.forEach(Thread::start);
    Thread.sleep((long) (warmupSeconds * 1000));
    long begin = System.nanoTime();
    tally.lastCompletion.set(begin);
    phase.set(MEASURE);
    if (duringWindow != null) {
      duringWindow.run();
    }
    Thread.sleep(
        Math.max(0, (long) (durationSeconds * 1000) - (System.nanoTime() - begin) / 1_000_000));
    phase.set(STOP);
    long end = System.nanoTime();
    long deadline = System.currentTimeMillis() + JOIN_MILLIS_MAX;
    for (Thread caller : callers) {
      caller.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    return tally.result((end - begin) / 1e9);
  }

  /**
   * What the callers count, each in its own slot (read once they are joined): latencies, calls and
   * errors in the measured window, the first error, and the longest time with no call completing.
   */
  private static final class Tally {
    private final Histogram[] histograms;
    private final long[] ok;
    private final long[] errors;
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    // The longest time with no call completing anywhere: what a failover costs the clients.
    final AtomicLong lastCompletion = new AtomicLong();
    private final AtomicLong longestGap = new AtomicLong();

    Tally(int threads) {
      histograms = new Histogram[threads];
      ok = new long[threads];
      errors = new long[threads];
      for (int t = 0; t < threads; t++) {
        histograms[t] = new Histogram(60_000_000_000L, 3);
      }
    }

    /** A call of caller {@code id} that took {@code took} ns completed in the measured window. */
    void completed(int id, long took) {
      histograms[id].recordValue(Math.min(took, histograms[id].getHighestTrackableValue()));
      ok[id]++;
      long now = System.nanoTime();
      long gap = now - lastCompletion.getAndSet(now);
      longestGap.accumulateAndGet(gap, Math::max);
    }

    /** A call of caller {@code id} failed; {@code measured}: in the measured window. */
    void failed(int id, Exception e, boolean measured) {
      firstError.compareAndSet(null, e);
      if (measured) {
        errors[id]++;
      }
    }

    /** The window's result, over every caller. */
    Result result(double seconds) {
      int threads = histograms.length;
      Histogram all = new Histogram(60_000_000_000L, 3);
      long okTotal = 0;
      long errorTotal = 0;
      for (int t = 0; t < threads; t++) {
        all.add(histograms[t]);
        okTotal += ok[t];
        errorTotal += errors[t];
      }
      Throwable error = firstError.get();
      return new Result(
          threads,
          seconds,
          okTotal,
          errorTotal,
          all,
          error == null ? null : error.toString(),
          longestGap.get());
    }
  }
}
