package org.concoord.core.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.concoord.core.command.Call;
import org.concoord.core.value.ValueCodec;

/**
 * Snapshot fidelity as a property: for any sequence of calls on an object holding every supported
 * type and nesting, a host restored from a snapshot taken anywhere in the sequence, then given the
 * rest of the calls, holds byte for byte the state (and gives the replies) of a host that executed
 * them all. Each try is a seed; jqwik prints it on a failure.
 */
class SnapshotFidelityPropertiesTest {
  /** Every supported kind of field, and nestings of them. */
  public static class Everything {
    public enum Kind {
      A,
      B,
      C
    }

    public record Entry(String name, BigDecimal amount, Kind kind, List<Instant> times) {}

    private BigDecimal decimal = new BigDecimal("0.20");
    private BigInteger integer = BigInteger.ZERO;
    private Instant instant;
    private Duration duration = Duration.ZERO;
    private LocalDate date;
    private UUID uuid;
    private double real = -0.0;
    private float single;
    private char letter = 'a';
    private Kind kind;
    private final TreeMap<BigDecimal, String> byAmount = new TreeMap<>();
    private final EnumMap<Kind, ArrayList<Long>> byKind = new EnumMap<>(Kind.class);
    private final HashMap<Integer, LinkedHashSet<String>> byNumber = new HashMap<>();
    private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>();
    private final TreeMap<LocalDate, TreeSet<Duration>> byDate = new TreeMap<>();
    private final ArrayDeque<Instant> recent = new ArrayDeque<>();
    private final PriorityQueue<BigInteger> heap = new PriorityQueue<>();
    private long[][] grid = new long[2][2];

    public String put(String amount, int number, String kindName, long seconds, long nanos) {
      decimal = new BigDecimal(amount);
      integer = integer.add(BigInteger.valueOf(number)).multiply(BigInteger.valueOf(31));
      kind = Kind.valueOf(kindName);
      instant = Instant.ofEpochSecond(seconds, nanos);
      duration = duration.plusNanos(nanos);
      date = LocalDate.ofEpochDay(Math.floorMod(seconds, 100_000));
      uuid = new UUID(seconds, number);
      real = number / 7.0;
      single = (float) (seconds / 3.0);
      letter = (char) ('a' + Math.floorMod(number, 26));
      byAmount.put(decimal, amount);
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(seconds);
      byNumber.computeIfAbsent(number, n -> new LinkedHashSet<>()).add(amount);
      entries.put(uuid, new Entry(amount, decimal, kind, List.of(instant)));
      byDate.computeIfAbsent(date, d -> new TreeSet<>()).add(duration);
      recent.addFirst(instant);
      if (recent.size() > 3) {
        recent.removeLast();
      }
      heap.add(integer.abs());
      if (heap.size() > 4) {
        heap.poll();
      }
      grid[Math.floorMod(number, 2)][Math.floorMod(nanos, 2)] += seconds;
      return decimal + " " + byNumber.get(number) + " " + heap.peek();
    }

    public String remove(int number) {
      LinkedHashSet<String> gone = byNumber.remove(number);
      // Not byNumber's key order: a HashMap restored from a snapshot may iterate colliding keys
      // in another order (documented in objects-and-proxies.md); its bytes are the same.
      return String.valueOf(gone) + " " + new TreeSet<>(byNumber.keySet());
    }
  }

  record Step(boolean put, String amount, int number, String kind, long seconds, long nanos) {
    Call call() {
      return put
          ? new Call("put", ValueCodec.encodeArgs(amount, number, kind, seconds, nanos))
          : new Call("remove", ValueCodec.encodeArgs(number));
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<String> amounts =
        Combinators.combine(
                Arbitraries.longs().between(-1_000_000, 1_000_000),
                Arbitraries.integers().between(0, 6))
            .as((unscaled, scale) -> BigDecimal.valueOf(unscaled, scale).toString());
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(true, true, true, false),
                amounts,
                Arbitraries.integers().between(-20, 20),
                Arbitraries.of("A", "B", "C"),
                Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L),
                Arbitraries.longs().between(0, 999_999_999))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 60)
  void aRestoredHostHoldsTheStateOfOneThatExecutedTheSameCalls(
      @ForAll("steps") List<Step> steps, @ForAll("cuts") int cutPercent) {
    ObjectHost original = new ObjectHost(Everything.class);
    ObjectHost restored = null;
    int cut = steps.size() * cutPercent / 100;
    for (int i = 0; i < steps.size(); i++) {
      if (i == cut) {
        restored = new ObjectHost(Everything.class);
        restored.restore(original.snapshot());
        assertArrayEquals(original.snapshot(), restored.snapshot());
      }
      CallContext context = new CallContext(1, i + 1, i);
      Execution expected = original.execute(context, steps.get(i).call());
      if (restored != null) {
        Execution got = restored.execute(context, steps.get(i).call());
        assertEquals(expected.response().outcome(), got.response().outcome());
        assertArrayEquals(
            expected.response().payload(),
            got.response().payload(),
            "reply to step " + i + " " + steps.get(i));
      }
    }
    if (restored == null) {
      restored = new ObjectHost(Everything.class);
      restored.restore(original.snapshot());
    }
    assertArrayEquals(original.snapshot(), restored.snapshot());
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(0, 100);
  }
}
