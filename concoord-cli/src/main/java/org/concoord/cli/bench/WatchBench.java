package org.concoord.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.Watch;
import org.concoord.client.WatchListener;
import org.concoord.core.value.ValueCodec;

/**
 * {@code bench --watchers 0,1,1000} (issue 21): the write throughput of a counter with that many
 * watchers of its value, and the push latency: from a write's acknowledgment (the writer has the
 * new value) to each watcher's notification of that value. A watcher notified before the writer's
 * reply arrived counts 0 (and is counted apart). Watchers are spread over clients of 100 watches
 * each, each client on a replica drawn at random, like any watch; the writers call {@code add(1)}
 * (its result names the value), the watchers watch {@code get()}.
 */
public final class WatchBench {
  /** Watches per client connection. */
  static final int WATCHES_PER_CLIENT = 100;

  public record Result(int watchers, LoadGenerator.Result writes, Histogram push, long beforeAck) {}

  private WatchBench() {}

  public static Result run(
      String target,
      ClientOptions options,
      List<ConcoordClient> writers,
      int watchers,
      int threads,
      double warmup,
      double duration)
      throws Exception {
    Map<Long, Long> ackNanos = new ConcurrentHashMap<>();
    ConcurrentHistogram push = new ConcurrentHistogram(3);
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicLong beforeAck = new AtomicLong();
    AtomicLong first = new AtomicLong();
    List<ConcoordClient> clients = new ArrayList<>();
    List<Watch> watches = new ArrayList<>();
    byte[] none = ValueCodec.encodeArgs();
    byte[] one = ValueCodec.encodeArgs(1L);
    try {
      for (int w = 0; w < watchers; w++) {
        if (w % WATCHES_PER_CLIENT == 0) {
          clients.add(ConcoordClient.connect(target, options));
        }
        watches.add(
            clients
                .get(clients.size() - 1)
                .watchRaw("get", none, pushRecorder(first, measuring, ackNanos, beforeAck, push)));
      }
      long deadline = System.currentTimeMillis() + 120_000;
      while (first.get() < watchers && System.currentTimeMillis() < deadline) {
        Thread.sleep(50); // bounded wait for every watcher's first value
      }
      LoadGenerator.Result writes =
          LoadGenerator.run(
              threads,
              warmup,
              duration,
              t -> {
                byte[] result = writers.get(t % writers.size()).invokeRaw("add", one);
                ackNanos.put((Long) ValueCodec.decode(result), System.nanoTime());
              },
              () -> measuring.set(true));
      measuring.set(false);
      return new Result(watchers, writes, push, beforeAck.get());
    } finally {
      watches.forEach(Watch::cancel);
      clients.forEach(ConcoordClient::close);
    }
  }

  /**
   * One watcher's listener: counts the watcher's first value (the writes wait for every watcher's)
   * and, in the measured window, records each value's push latency from its write's acknowledgment.
   */
  private static WatchListener<byte[]> pushRecorder(
      AtomicLong first,
      AtomicBoolean measuring,
      Map<Long, Long> ackNanos,
      AtomicLong beforeAck,
      ConcurrentHistogram push) {
    boolean[] seen = new boolean[1];
    return (bytes, slot) -> {
      long now = System.nanoTime();
      if (!seen[0]) {
        seen[0] = true;
        first.incrementAndGet();
      }
      if (!measuring.get()) {
        return;
      }
      Long ack = ackNanos.get((Long) ValueCodec.decode(bytes));
      if (ack == null) {
        beforeAck.incrementAndGet();
        push.recordValue(0);
      } else {
        push.recordValue(Math.max(0, now - ack));
      }
    };
  }
}
