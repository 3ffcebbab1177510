package org.concoord.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log lines that input can provoke (a connection closed, a connection refused, a frame that could
 * not be encoded), at most one per kind per {@link #INTERVAL_MILLIS}: a connect-and-close loop must
 * not fill the disk. The next line of a kind says how many were left out.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class QuietLog {
  static final long INTERVAL_MILLIS = 10_000;

  private final Logger logger;
  private final Map<String, long[]> kinds = new HashMap<>(); // kind -> {lastMillis, suppressed}

  QuietLog(Logger logger) {
    this.logger = logger;
  }

  /** Logs {@code message} at {@code level} unless a line of {@code kind} went out recently. */
  void log(Level level, String kind, String message) {
    if (!logger.isLoggable(level)) {
      return;
    }
    long now = System.currentTimeMillis();
    long[] state = kinds.computeIfAbsent(kind, k -> new long[] {Long.MIN_VALUE / 2, 0});
    if (now - state[0] < INTERVAL_MILLIS) {
      state[1]++;
      return;
    }
    String suppressed =
        state[1] == 0
            ? ""
            : " (" + state[1] + " more like it in the last " + (now - state[0]) / 1000 + " s)";
    state[0] = now;
    state[1] = 0;
    logger.logp(level, logger.getName(), "", message + suppressed);
  }
}
