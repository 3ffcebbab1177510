package org.concoord.simulator;

import java.util.SplittableRandom;
import org.concoord.core.NodeId;

/**
 * One replica's clock (issue 20): its ticks run at a rate of its own, the simulation's less the
 * drift bound, the simulation's, or more by the bound (ReplicaConfig.driftPermille, which the read
 * lease allows for): the extremes of what the lease's argument assumes. Whole ticks by an
 * accumulator, so over any window the count is within one tick of the rate (a random skip could
 * drift further than the bound over a lease's few dozen ticks). Drawn from the seed and the node's
 * name, not the run's random: the run's other draws stay.
 */
final class TickDrift {
  private final long ratePermille;
  private long phase;

  private TickDrift(long ratePermille) {
    this.ratePermille = ratePermille;
  }

  static TickDrift of(long seed, NodeId node, int driftPermille) {
    SplittableRandom r =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + node.address().hashCode());
    return new TickDrift(1000 + (r.nextInt(3) - 1) * driftPermille);
  }

  /** A clock at the slow ({@code sign} -1) or the fast (+1) extreme of {@code driftPermille}. */
  static TickDrift extreme(int sign, int driftPermille) {
    return new TickDrift(1000 + sign * (long) driftPermille);
  }

  /** How many of its own ticks the node takes in this tick of the simulation: 0, 1 or 2. */
  int ticksAt() {
    phase += ratePermille;
    int ticks = (int) (phase / 1000);
    phase -= ticks * 1000L;
    return ticks;
  }

  @Override
  public String toString() {
    return ratePermille / 10.0 + "%";
  }
}
