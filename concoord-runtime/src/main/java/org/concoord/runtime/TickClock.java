package org.concoord.runtime;

import org.concoord.core.replica.ReplicaConfig;

/**
 * The node thread's tick count against the monotonic clock, and when the role must hear that its
 * clock jumped (docs/protocol.md, "Lease reads", the drift bound). The read lease is counted in
 * ticks and allows the count to lag real time by {@link ReplicaConfig#LEASE_LAG_TICKS_DEFAULT}
 * ticks unnoticed: a late thread catches up {@link #CATCH_UP_TICKS} ticks in a burst, and one that
 * lost more (a stopped process, a GC pause) drops the rest and tells the role, which then trusts no
 * lease resting on sends before the jump.
 *
 * <p>The jump must be told before anything reaches the role, not only before a tick: frames that
 * waited in a socket through the pause are handled as soon as the wait for I/O returns, before the
 * loop's next tick, and a {@code LEASE} read among them was answered under a lease that real time
 * had used up (the simulator's seed 628 was the same order). So {@link #beforeFrame} is asked
 * before each frame is handed to the role, and {@link #tick} before each tick.
 *
 * <p>Not thread-safe: the node thread's alone. Reads no clock: the caller passes the monotonic time
 * in milliseconds.
 */
final class TickClock {
  /** Ticks a late thread catches up at once; the lease allows this lag plus one tick. */
  static final int CATCH_UP_TICKS = ReplicaConfig.LEASE_LAG_TICKS_DEFAULT - 1;

  private final long tickMillis;

  /** When the next tick is due; the current count was due one tick before. */
  private long nextDueMillis;

  TickClock(long nowMillis, long tickMillis) {
    this.tickMillis = tickMillis;
    this.nextDueMillis = nowMillis + tickMillis;
  }

  /** Milliseconds until the next tick is due: at most 0 when it is due now. */
  long untilTick(long nowMillis) {
    return nextDueMillis - nowMillis;
  }

  /**
   * The due tick is taken at {@code nowMillis}. True if the count, once moved on, lags real time by
   * more than the lease allows: the role hears that its clock jumped before the tick.
   */
  boolean tick(long nowMillis) {
    boolean jumped = lostTime(nowMillis, nextDueMillis);
    nextDueMillis += tickMillis;
    return jumped;
  }

  /**
   * A frame is about to reach the role at {@code nowMillis}, with the count as it stands. True if
   * the count lags real time by more than the lease allows: the role hears that its clock jumped
   * before the frame. Frames that follow in the same batch find the lost ticks dropped already.
   */
  boolean beforeFrame(long nowMillis) {
    return lostTime(nowMillis, nextDueMillis - tickMillis);
  }

  /**
   * Whether a count that was due at {@code countDueMillis} lags {@code nowMillis} by more than
   * {@link #CATCH_UP_TICKS} plus one tick; if so, the ticks beyond the catch-up are dropped, so
   * that the loop takes at most {@link #CATCH_UP_TICKS} at once, not a burst of hundreds.
   */
  private boolean lostTime(long nowMillis, long countDueMillis) {
    long lagMillis = nowMillis - countDueMillis;
    if (lagMillis <= (CATCH_UP_TICKS + 1) * tickMillis) {
      return false;
    }
    nextDueMillis += lagMillis - CATCH_UP_TICKS * tickMillis;
    return true;
  }
}
