package org.concoord.simulator;

/**
 * Deliberately broken coordination objects for {@link CoordinationWorkloadTest}: public, with
 * public no-argument constructors, as the object host requires.
 */
public final class FlawedCoordinations {
  private FlawedCoordinations() {}

  /** {@code release} resumes the next two waiters: two clients hold the lock at once. */
  public static class LockGrantsTwo extends SimCoordination {
    public LockGrantsTwo() {
      super(Flaw.LOCK_GRANTS_TWO);
    }
  }

  /** The last arrival at the barrier returns, the others wait forever (the original's bug). */
  public static class BarrierReleasesLastOnly extends SimCoordination {
    public BarrierReleasesLastOnly() {
      super(Flaw.BARRIER_RELEASES_LAST_ONLY);
    }
  }
}
