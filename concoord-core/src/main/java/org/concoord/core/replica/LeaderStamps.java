package org.concoord.core.replica;

import java.util.Collection;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.view.View;

/**
 * The stamps an active leader puts on its batches, the replicated clock's next values: this node's
 * ticks moved by an offset set when it became active, bounded by the executed clock.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: the ticks are handed in.
 */
final class LeaderStamps {
  /**
   * How far a new batch's stamp may run ahead of the executed clock (1 s at 10 ms a tick): more
   * than a healthy pipeline's latency, far less than a client session's expiry.
   */
  static final long AHEAD_TICKS_MAX = 100;

  private final Set<Mutation> mutations;
  private long offsetTicks;

  LeaderStamps(Set<Mutation> mutations) {
    this.mutations = mutations;
  }

  /**
   * Sets the offset from this node's ticks to the replicated clock: the stamps go on from the
   * highest stamp this leader knows of (executed, recovered, or decided and waiting to execute), at
   * this node's pace. Negative when this node's ticks run ahead of the clock, as they do when the
   * previous leader lost ticks (paused, overloaded) or the instance was unavailable for a while:
   * the replicated clock measures the instance's time, and a failover must not make it jump by the
   * difference between two nodes' tick counts, which would expire the sessions of clients that kept
   * calling all along.
   */
  void start(long clockTicks, Collection<PValue> recovered, DecisionLog log, long nowTicks) {
    long known = clockTicks;
    for (PValue pvalue : recovered) {
      known = Math.max(known, pvalue.batch().stampTicks());
    }
    long from = log.slotExecutedMax() + 1;
    for (long slot = from; slot < from + View.WINDOW; slot++) {
      Batch decided = log.get(slot);
      if (decided != null) {
        known = Math.max(known, decided.stampTicks());
      }
    }
    long offset = known - nowTicks;
    offsetTicks = mutations.contains(Mutation.CLOCK_FROM_OWN_TICKS) ? Math.max(0, offset) : offset;
  }

  /**
   * The stamp of a batch proposed now: this node's ticks moved by the offset, never behind the
   * executed clock and never more than {@link #AHEAD_TICKS_MAX} ahead of it (within {@link
   * ClockStep}'s bound on any one step). While nothing gets decided (the acceptors cut off, a slow
   * quorum) the executed clock stands still, and so, within that bound, does the next stamp: when
   * decisions flow again the clock goes on from where it stood instead of jumping by the outage,
   * which would expire the sessions of clients that kept calling through it. The offset follows the
   * stamp (the time beyond the bound is not counted), so the clock never jumps back up later.
   */
  long next(long clockTicks, long nowTicks) {
    long own = nowTicks + offsetTicks;
    if (!mutations.contains(Mutation.CLOCK_FROM_OWN_TICKS)) {
      long ahead =
          clockTicks > Long.MAX_VALUE - AHEAD_TICKS_MAX
              ? Long.MAX_VALUE
              : clockTicks + AHEAD_TICKS_MAX;
      own = Math.min(own, ahead);
    }
    long stamp = ClockStep.stamp(own, clockTicks);
    offsetTicks = stamp - nowTicks;
    return stamp;
  }
}
