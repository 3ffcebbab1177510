package org.concoord.nameserver;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Response rate limiting per source address over UDP, the idea of BIND's RRL kept simple: each
 * source has a bucket of {@code burst} responses refilled at {@code perSecond}; a query that finds
 * the bucket empty gets no response. A flood with a spoofed source (amplification) or from one host
 * is then capped at that rate while every other source is still answered; a real resolver that is
 * refused retries, or asks over TCP, which is not limited here (a TCP client cannot spoof its
 * address). At most {@link #SOURCES_MAX} sources are tracked (the least recently seen are forgotten
 * first), so memory stays bounded whatever the number of sources.
 *
 * <p>Thread-safe.
 */
final class ResponseRateLimiter {
  static final int SOURCES_MAX = 1 << 16;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private final Map<InetAddress, double[]> buckets = // source -> {tokens, lastRefillNanos}
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, double[]> eldest) {
          return size() > SOURCES_MAX;
        }
      };

  /** {@code perSecond} responses a second to one source, {@code burst} at once; 0: no limit. */
  ResponseRateLimiter(int perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
  }

  boolean enabled() {
    return perSecond > 0;
  }

  /** Whether a response to {@code source} may go out at {@code nowNanos}; takes a token if so. */
  synchronized boolean allow(InetAddress source, long nowNanos) {
    if (!enabled()) {
      return true;
    }
    double[] bucket = buckets.get(source);
    if (bucket == null) {
      bucket = new double[] {burst, nowNanos};
      buckets.put(source, bucket);
    } else {
      double elapsed = (nowNanos - (long) bucket[1]) / (double) NANOS_PER_SECOND;
      bucket[0] = Math.min(burst, bucket[0] + Math.max(0, elapsed) * perSecond);
      bucket[1] = nowNanos;
    }
    if (bucket[0] < 1) {
      return false;
    }
    bucket[0] -= 1;
    return true;
  }

  synchronized int sources() {
    return buckets.size();
  }
}
