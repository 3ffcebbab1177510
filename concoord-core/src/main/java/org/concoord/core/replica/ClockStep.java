package org.concoord.core.replica;

/**
 * How far the replicated clock may move per executed batch. The clock is the highest leader stamp
 * executed; without a bound one batch with a stamp near {@link Long#MAX_VALUE} (a forged or corrupt
 * decision) would expire every client session at once and pin the clock at the top, so that no
 * session ever expired again. With it, a batch moves the clock forward by at most {@link
 * #STEP_MAX_TICKS}, the same on every replica (it depends on replicated values only), and a leader
 * never stamps further ahead than that, so under a live leader the clock never runs faster than the
 * leader's own ticks: a leader idle for longer than the step counts only the step of that idle time
 * (sessions of clients that left then expire that much later, never earlier).
 *
 * <p>Pure functions. Does no I/O. Reads no clock.
 */
final class ClockStep {
  /** The most one batch can advance the clock: 60 s at the runtime's 10 ms tick. */
  static final long STEP_MAX_TICKS = 6_000;

  private ClockStep() {}

  /** The clock after executing a batch stamped {@code stampTicks}: never back, at most a step. */
  static long advance(long clockTicks, long stampTicks) {
    return Math.max(clockTicks, Math.min(stampTicks, ceiling(clockTicks)));
  }

  /** The stamp a leader gives a batch when its own clock reads {@code leaderTicks}. */
  static long stamp(long leaderTicks, long clockTicks) {
    return Math.max(clockTicks, Math.min(leaderTicks, ceiling(clockTicks)));
  }

  private static long ceiling(long clockTicks) {
    return clockTicks > Long.MAX_VALUE - STEP_MAX_TICKS
        ? Long.MAX_VALUE
        : clockTicks + STEP_MAX_TICKS;
  }
}
