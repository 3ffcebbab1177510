package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The process tests' one polling helper: asks until an answer, and no longer than its bound. */
class PollTest {
  @Test
  void theFirstAnswerEndsThePolling() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    assertEquals("third", Poll.answer(10, 1, () -> asked.incrementAndGet() == 3 ? "third" : null));
    assertEquals(3, asked.get());
    assertTrue(Poll.until(10, 1, () -> asked.incrementAndGet() >= 5));
    assertEquals(5, asked.get(), "false means not yet, true ends it");
  }

  @Test
  void noAnswerWithinTheBoundIsNullOrFalseAfterAskingOnceAtLeast() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    long start = System.nanoTime();
    assertNull(
        Poll.answer(
            0,
            1,
            () -> {
              asked.incrementAndGet();
              return null;
            }));
    assertFalse(Poll.until(1, 50, () -> false));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, asked.get(), "a bound of 0 s asks once");
    assertTrue(millis >= 1_000 && millis < 30_000, "polled for " + millis + " ms");
  }

  @Test
  void duringChecksThroughoutTheWindowAndStopsAtTheFirstFailure() throws Exception {
    AtomicInteger checked = new AtomicInteger();
    long start = System.nanoTime();
    Poll.during(1, 50, checked::incrementAndGet);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 1_000 && millis < 30_000, "watched for " + millis + " ms");
    assertTrue(checked.get() >= 2 && checked.get() <= 25, "checked " + checked.get() + " times");
    AtomicInteger failing = new AtomicInteger();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Poll.during(
                    30,
                    1,
                    () -> {
                      if (failing.incrementAndGet() == 3) {
                        throw new AssertionError("third check");
                      }
                    }));
    assertEquals("third check", e.getMessage());
    assertEquals(3, failing.get(), "no check after the failed one");
  }

  @Test
  void awaitFailsWithTheFailuresTextMadeAtTheEnd() {
    AtomicInteger asked = new AtomicInteger();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Poll.await(
                    0,
                    1,
                    () -> "never, after " + asked.get() + " asks",
                    () -> asked.incrementAndGet() < 0));
    assertEquals("never, after 1 asks", e.getMessage());
  }
}
