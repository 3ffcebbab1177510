import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP benchmark of the HTTP/JSON API: C callers, each its own exactly-once session
 * (Concoord-Client-Id, Concoord-Seq, Concoord-Acked-Below) on its own keep-alive connection
 * (plain HTTP/1.1 over a socket with TCP_NODELAY: the JDK HttpClient itself was the bottleneck,
 * 492 ops/s against 4,137 this way on the same instance). Run: java docs/measure/HttpBench.java
 * URL CALLERS SECONDS [WARMUP].
 * Prints ops/s and latency percentiles like `concoord bench`.
 */
public class HttpBench {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int callers = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    long warmup = args.length > 3 ? Long.parseLong(args[3]) : 3;
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
        Socket[] socket = {null};
        DataInputStream[] in = {null};
        for (long seq = 1; System.nanoTime() < end; seq++) {
          byte[] request = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
              + "\r\nConcoord-Client-Id: " + id + "\r\nConcoord-Seq: " + seq
              + "\r\nConcoord-Acked-Below: " + seq
              + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]")
              .getBytes(StandardCharsets.US_ASCII);
          long t0 = System.nanoTime();
          try {
            if (socket[0] == null) {
              socket[0] = new Socket(uri.getHost(), uri.getPort());
              socket[0].setTcpNoDelay(true);
              in[0] = new DataInputStream(new BufferedInputStream(socket[0].getInputStream()));
            }
            socket[0].getOutputStream().write(request);
            if (readResponse(in[0]) != 200) {
              errors.incrementAndGet();
            }
          } catch (IOException e) {
            errors.incrementAndGet();
            socket[0] = null;
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

  /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
  private static int readResponse(DataInputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      head.append((char) b);
    }
    String text = head.toString();
    int status = Integer.parseInt(text.substring(9, 12));
    int at = text.toLowerCase().indexOf("content-length:");
    int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at))
        .trim());
    in.readFully(new byte[length]);
    return status;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)]
        / 1e6;
  }
}
