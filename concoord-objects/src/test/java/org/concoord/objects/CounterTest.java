package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.exception;
import static org.concoord.objects.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

class CounterTest {
  private final ObjectHost host = new ObjectHost(Counter.class);

  @Test
  void incrementsAndReadsAsInTheTutorial() {
    assertNull(ok(call(host, 1, 1, "increment")));
    assertNull(ok(call(host, 1, 2, "increment")));
    assertNull(ok(call(host, 1, 3, "decrement")));
    assertEquals(1L, ok(call(host, 1, 4, "getvalue")));
    assertEquals("The counter value is 1", ok(call(host, 1, 5, "toString")));
  }

  @Test
  void addReturnsTheNewValueAndGetReadsIt() {
    assertEquals(5L, ok(call(host, 1, 1, "add", 5)));
    assertEquals(-2L, ok(call(host, 2, 1, "add", -7)));
    assertEquals(-2L, ok(call(host, 1, 2, "get")));
  }

  @Test
  void getvaluePastIntRangeIsAnExceptionNotAWrappedValue() {
    call(host, 1, 1, "add", 1L << 40);
    assertEquals("java.lang.ArithmeticException", exception(call(host, 1, 2, "getvalue")).get(0));
    assertEquals(1L << 40, ok(call(host, 1, 3, "get")));
  }

  @Test
  void initResetsTheCounter() {
    call(host, 1, 1, "add", 9);
    assertNull(ok(call(host, 1, 2, ObjectHost.INIT_METHOD)));
    assertEquals(0L, ok(call(host, 1, 3, "get")));
  }

  @Test
  void twoHostsGivenTheSameCallsAgreeByteForByte() {
    ObjectHost other = new ObjectHost(Counter.class);
    for (int seq = 1; seq <= 50; seq++) {
      Object[] args = seq % 3 == 0 ? new Object[] {"bad"} : new Object[] {seq};
      assertEquals(call(host, 1, seq, "add", args), call(other, 1, seq, "add", args));
    }
  }

  /** Not a benchmark (JMH is); a smoke number for the log: the host's share of one call. */
  @Test
  void measuresNanosecondsPerIncrementThroughTheHost() {
    Call increment = new Call("increment", ValueCodec.encodeArgs());
    CallContext context = new CallContext(1, 1, 0);
    int rounds = 5;
    int callsPerRound = 2_000_000;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < callsPerRound; i++) {
        if (host.execute(context, increment).response().outcome() != Outcome.OK) {
          throw new AssertionError("increment failed");
        }
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) callsPerRound);
    }
    System.out.printf(
        "ObjectHost: %.1f ns per increment() (best of %d rounds of %d calls)%n",
        best, rounds, callsPerRound);
    assertEquals((long) rounds * callsPerRound, ok(call(host, 1, 2, "get")));
    assertEquals(List.of(), host.parked());
  }
}
