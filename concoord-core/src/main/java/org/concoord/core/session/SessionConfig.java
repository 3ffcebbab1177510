package org.concoord.core.session;

/**
 * A {@link ClientSession}'s timing, in ticks of its driver.
 *
 * @param requestTimeoutTicks how long an attempt waits for a reply before the session leaves its
 *     replica and resends everything elsewhere (a parked call waits without it)
 * @param argsBytesPerTick bytes of arguments per tick a loaded instance takes at the least: an
 *     attempt of a large call waits a tick longer per this many bytes (0: no allowance)
 * @param backoffMinTicks the shortest wait before a failover that backs off
 * @param backoffMaxTicks the longest wait before a failover
 * @param hintsFollowedAtOnce leader hints followed without waiting, in a row
 * @param parkedResendTicks a call parked this long is sent again, the same request (0: never). The
 *     client library keeps it 0: TCP loses no reply on a live connection, and a lost one moves
 *     every call. The simulator's network loses single messages (an UNBLOCKED among them), which no
 *     connection would, so its clients ask again after a request timeout
 */
public record SessionConfig(
    long requestTimeoutTicks,
    long argsBytesPerTick,
    long backoffMinTicks,
    long backoffMaxTicks,
    int hintsFollowedAtOnce,
    long parkedResendTicks) {
  public SessionConfig {
    if (requestTimeoutTicks < 1
        || argsBytesPerTick < 0
        || backoffMinTicks < 1
        || backoffMaxTicks < backoffMinTicks
        || hintsFollowedAtOnce < 0
        || parkedResendTicks < 0) {
      throw new IllegalArgumentException(
          "bad session timing: "
              + requestTimeoutTicks
              + ", "
              + argsBytesPerTick
              + ", "
              + backoffMinTicks
              + ".."
              + backoffMaxTicks
              + ", "
              + hintsFollowedAtOnce);
    }
  }

  /**
   * How long to wait before a failover, the {@code failoversInARow + 1}-th in a row: nothing for
   * the first, nor for the first hints; then from the backoff's least, doubling, to its most.
   */
  public long backoffTicks(int failoversInARow, boolean hinted) {
    if (failoversInARow == 0 || (hinted && failoversInARow < hintsFollowedAtOnce)) {
      return 0;
    }
    return Math.min(backoffMaxTicks, backoffMinTicks << Math.min(failoversInARow - 1, 6));
  }

  /**
   * How long one attempt of a call with {@code argsBytes} of arguments waits: the request timeout,
   * plus a tick per {@link #argsBytesPerTick} of them. A 15 MiB call retried every 2 s to another
   * node became a new 15 MiB proposal at each leader it reached, all held by the acceptors at once.
   */
  public long attemptTimeoutTicks(int argsBytes) {
    return requestTimeoutTicks + (argsBytesPerTick == 0 ? 0 : argsBytes / argsBytesPerTick);
  }

  /**
   * The client library's timing at {@code tickMillis} per tick: backoff from 25 ms to 1 s, the
   * first three hints at once, 4 MiB of arguments per second.
   */
  public static SessionConfig of(long requestTimeoutMillis, long tickMillis) {
    return new SessionConfig(
        Math.max(1, (requestTimeoutMillis + tickMillis - 1) / tickMillis),
        Math.max(1, (4L << 20) * tickMillis / 1000),
        Math.max(1, (25 + tickMillis - 1) / tickMillis),
        Math.max(1, 1000 / tickMillis),
        3,
        0);
  }
}
