package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.concoord.core.replica.ReplicaConfig;
import org.junit.jupiter.api.Test;

/** The node thread's tick count against the monotonic clock, with the times given by hand. */
class TickClockTest {
  private static final int T = 10;
  private static final int LAG = ReplicaConfig.LEASE_LAG_TICKS_DEFAULT;

  /** Takes every tick due at {@code now}, as the loop does: how many, and how many jumped. */
  private static int[] catchUp(TickClock clock, long now) {
    int ticks = 0;
    int jumps = 0;
    while (clock.untilTick(now) <= 0) {
      ticks++;
      jumps += clock.tick(now) ? 1 : 0;
    }
    return new int[] {ticks, jumps};
  }

  @Test
  void onTimeTicksAndFramesNeverJump() {
    TickClock clock = new TickClock(0, T);
    assertEquals(T, clock.untilTick(0));
    for (long now = 0; now < 1000; now++) {
      assertFalse(clock.beforeFrame(now));
      if (clock.untilTick(now) <= 0) {
        assertFalse(clock.tick(now));
      }
    }
  }

  @Test
  void aLateThreadWithinTheLagCatchesUpEveryTickUnnoticed() {
    TickClock clock = new TickClock(0, T);
    long now = LAG * T; // the count (0, due at 0) lags by the lag the lease allows
    assertFalse(clock.beforeFrame(now));
    int[] caught = catchUp(clock, now);
    assertEquals(LAG, caught[0]);
    assertEquals(0, caught[1]);
    assertEquals(T, clock.untilTick(now));
  }

  @Test
  void aFrameAfterAPauseHearsOfTheJumpBeforeTheTickDoes() {
    TickClock clock = new TickClock(0, T);
    long now = 30 * T; // the thread stood still 30 ticks
    assertTrue(clock.beforeFrame(now), "the first frame after the pause");
    assertFalse(clock.beforeFrame(now), "the lost ticks were dropped: the next frame is on time");
    int[] caught = catchUp(clock, now);
    assertEquals(TickClock.CATCH_UP_TICKS, caught[0], "the catch-up is bounded");
    assertEquals(0, caught[1], "the jump was told once");
  }

  @Test
  void aTickAfterAPauseJumpsAndCatchesUpAtMostTheBound() {
    TickClock clock = new TickClock(0, T);
    long now = 30 * T;
    assertTrue(clock.tick(now));
    int[] caught = catchUp(clock, now);
    assertEquals(TickClock.CATCH_UP_TICKS, caught[0]);
    assertEquals(0, caught[1]);
    assertFalse(clock.beforeFrame(now));
  }

  @Test
  void theLagAFrameSeesIsTheLeaseBoundAtMost() {
    // Just past the bound, with the count one tick further behind than a tick's check sees it.
    TickClock clock = new TickClock(0, T);
    assertTrue(clock.beforeFrame(LAG * T + 1));
    clock = new TickClock(0, T);
    assertFalse(clock.tick((LAG + 1) * T), "the tick moves the count on: lag " + LAG);
    assertTrue(new TickClock(0, T).tick((LAG + 1) * T + 1));
  }
}
