package org.concoord.simulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.concoord.core.host.ReadOnly;

/**
 * The simulator's replicated object, a plain class run through the real object host: a counter
 * ({@code add} returns the new value) checked by the Wing-Gong-Lowe search, and an append-only list
 * ({@code append} and {@code read} return the list) checked by the linear-time list check.
 *
 * <p>Beside them it keeps, from the same calls, fields of the value types whose exact encoding a
 * snapshot must keep (a decimal's scale, an instant's nanoseconds, number- and enum-keyed maps):
 * replicas compare state digests every few slots and restore snapshots sent in small chunks, so a
 * snapshot that changed one of them is a divergence the oracle fails on.
 */
public class SimWorkload {
  /** A key kind for the enum-keyed map. */
  public enum Parity {
    EVEN,
    ODD
  }

  private long counter;
  private final List<Long> list = new ArrayList<>();
  private BigDecimal decimal = new BigDecimal("0.00");
  private Instant instant = Instant.EPOCH;
  private Duration duration = Duration.ZERO;
  private LocalDate date = LocalDate.of(2026, 1, 1);
  private final Map<Integer, BigInteger> byResidue = new TreeMap<>();
  private final EnumMap<Parity, UUID> byParity = new EnumMap<>(Parity.class);

  public long add(long delta) {
    counter += delta;
    // Scales 0 to 4 ("1.10" keeps its zero), nanoseconds, a number-keyed and an enum-keyed map.
    decimal = decimal.add(new BigDecimal(BigInteger.valueOf(delta), (int) Math.floorMod(delta, 5)));
    instant = instant.plusNanos(delta * 1_000_001L);
    duration = duration.plusMillis(delta);
    byResidue.merge((int) Math.floorMod(delta, 3), BigInteger.valueOf(delta), BigInteger::add);
    byParity.put(delta % 2 == 0 ? Parity.EVEN : Parity.ODD, new UUID(counter, delta));
    return counter;
  }

  /** Read-only (and so watchable: issue 21's watchers watch it). */
  @org.concoord.core.host.ReadOnly
  public long get() {
    return counter;
  }

  public List<Long> append(long value) {
    list.add(value);
    date = date.plusDays(Math.floorMod(value, 3));
    return list;
  }

  @ReadOnly
  public List<Long> read() {
    return list;
  }
}
