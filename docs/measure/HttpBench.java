import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP benchmark of the HTTP/JSON API: C callers, each its own exactly-once session
 * (Concoord-Client-Id, Concoord-Seq, Concoord-Acked-Below), over the JDK HttpClient's keep-alive
 * connections. Run: java docs/measure/HttpBench.java URL CALLERS SECONDS [WARMUP].
 * Prints ops/s and latency percentiles like `concoord bench`.
 */
public class HttpBench {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int callers = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    long warmup = args.length > 3 ? Long.parseLong(args[3]) : 3;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      long[] samples = new long[100_000];
      int[] count = {0};
      latencies.add(samples);
      Thread thread = new Thread(() -> {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        for (long seq = 1; System.nanoTime() < end; seq++) {
          HttpRequest request = HttpRequest.newBuilder(uri)
              .header("Concoord-Client-Id", Long.toString(id))
              .header("Concoord-Seq", Long.toString(seq))
              .header("Concoord-Acked-Below", Long.toString(seq))
              .POST(HttpRequest.BodyPublishers.ofString("[]")).build();
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> response =
                client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          long t1 = System.nanoTime();
          if (t0 >= measureFrom && t1 <= end && count[0] < samples.length) {
            samples[count[0]++] = t1 - t0;
          }
        }
        samples[samples.length - 1] = count[0];
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long total = 0;
    for (long[] s : latencies) {
      total += s[s.length - 1];
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (long[] s : latencies) {
      int n = (int) s[s.length - 1];
      System.arraycopy(s, 0, all, at, n);
      at += n;
    }
    Arrays.sort(all);
    System.out.printf("http c=%d: %.0f ops/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d%n",
        callers, total / (double) seconds, pct(all, 0.50), pct(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get());
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)]
        / 1e6;
  }
}
