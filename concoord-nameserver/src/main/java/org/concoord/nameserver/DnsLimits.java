package org.concoord.nameserver;

/**
 * The DNS server's fixed budget: threads, connections and times. Checked once at start.
 *
 * @param udpThreads threads that receive, answer and send UDP queries (they share one socket)
 * @param tcpConnectionsMax TCP connections served at once, one thread each; a connection beyond
 *     them is closed at once
 * @param tcpIdleMillis how long a TCP connection may wait for its next query before it is closed
 * @param tcpReadMillis how long one TCP query may take to arrive in full once it has begun (a
 *     client that trickles bytes is cut off)
 * @param responsesPerSecond UDP responses a second to one source address (response rate limiting,
 *     {@link ResponseRateLimiter}); 0: no limit
 * @param responsesBurst UDP responses one source may get at once before the rate applies
 */
public record DnsLimits(
    int udpThreads,
    int tcpConnectionsMax,
    int tcpIdleMillis,
    int tcpReadMillis,
    int responsesPerSecond,
    int responsesBurst) {
  /** The default rate limit: 100 responses a second per source, 200 at once. */
  public static final int RESPONSES_PER_SECOND_DEFAULT = 100;

  public DnsLimits(int udpThreads, int tcpConnectionsMax, int tcpIdleMillis, int tcpReadMillis) {
    this(
        udpThreads,
        tcpConnectionsMax,
        tcpIdleMillis,
        tcpReadMillis,
        RESPONSES_PER_SECOND_DEFAULT,
        2 * RESPONSES_PER_SECOND_DEFAULT);
  }

  public DnsLimits {
    if (udpThreads < 1 || udpThreads > 64) {
      throw new IllegalArgumentException("udpThreads must be in 1..64: " + udpThreads);
    }
    if (tcpConnectionsMax < 1 || tcpConnectionsMax > 1024) {
      throw new IllegalArgumentException(
          "tcpConnectionsMax must be in 1..1024: " + tcpConnectionsMax);
    }
    if (tcpIdleMillis < 1 || tcpReadMillis < 1) {
      throw new IllegalArgumentException("TCP times must be positive");
    }
    if (responsesPerSecond < 0 || responsesBurst < 1) {
      throw new IllegalArgumentException(
          "responsesPerSecond must be >= 0 (0: no limit) and"
              + " responsesBurst >= 1: "
              + responsesPerSecond
              + ", "
              + responsesBurst);
    }
  }

  /** Two UDP threads (this machine has two cores), 32 TCP connections, 10 s idle, 5 s a query. */
  public static DnsLimits defaults() {
    return new DnsLimits(2, 32, 10_000, 5_000);
  }

  /**
   * These limits with {@code perSecond} responses a second per source (0: none), twice that at
   * once.
   */
  public DnsLimits withResponsesPerSecond(int perSecond) {
    return new DnsLimits(
        udpThreads,
        tcpConnectionsMax,
        tcpIdleMillis,
        tcpReadMillis,
        perSecond,
        Math.max(1, 2 * perSecond));
  }
}
