package org.concoord.core.learner;

/**
 * Timing and bounds of a {@link ViewLearner}, in ticks and counts. The runtime maps ticks to wall
 * time (10 ms each there); tests step them.
 *
 * @param catchUpResendTicks how long a catch-up request waits before another may be sent (a reply
 *     that leaves the learner still behind asks again at once)
 * @param silenceTicks silence (no heartbeat) after which the learner asks a replica of its newest
 *     view for what it lacks, unprompted: it may not be in the view yet, or have been removed, or
 *     the leader may be gone
 * @param aheadSlotsMax most decided slots kept beyond a gap, waiting for it to fill; farther ones
 *     are dropped and come again by catch-up
 */
public record LearnerConfig(int catchUpResendTicks, int silenceTicks, int aheadSlotsMax) {
  public LearnerConfig {
    positive("catchUpResendTicks", catchUpResendTicks);
    positive("silenceTicks", silenceTicks);
    positive("aheadSlotsMax", aheadSlotsMax);
    if (silenceTicks <= catchUpResendTicks) {
      throw new IllegalArgumentException(
          "silenceTicks must exceed catchUpResendTicks, or silence asks faster than catch-up");
    }
  }

  /** Defaults for the runtime (10 ms ticks): resend after 200 ms, silence of 1 s. */
  public static LearnerConfig defaults() {
    return new LearnerConfig(20, 100, 1 << 16);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
  }
}
