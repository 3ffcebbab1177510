package org.concoord.core.command;

import java.util.Locale;
import java.util.Objects;

/**
 * How a read-only call may be answered (issue 20; docs/protocol.md, "Read modes"). A call that is
 * not read-only goes through the log whatever its mode says.
 *
 * <ul>
 *   <li>{@link Kind#LINEARIZABLE}: the active leader, after a read index round (the default).
 *   <li>{@link Kind#LEASE}: the active leader, without a round while its lease holds.
 *   <li>{@link Kind#SEQUENTIAL}: any replica that has executed the client's last seen slot.
 *   <li>{@link Kind#BOUNDED}: any replica whose state is at most {@code boundMillis} behind the
 *       leader's, as far as its ticks tell.
 * </ul>
 *
 * @param kind the mode
 * @param boundMillis for {@link Kind#BOUNDED} the staleness allowed, 1..{@link #BOUND_MILLIS_MAX};
 *     0 for every other kind
 */
public record ReadMode(Kind kind, long boundMillis) {
  /** The modes, with their wire codes. */
  public enum Kind {
    LINEARIZABLE(0),
    LEASE(1),
    SEQUENTIAL(2),
    BOUNDED(3);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    public static Kind ofCode(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown read mode code " + code);
    }
  }

  /** Longest staleness a bounded read may ask for: one hour. */
  public static final long BOUND_MILLIS_MAX = 3_600_000;

  public static final ReadMode LINEARIZABLE = new ReadMode(Kind.LINEARIZABLE, 0);
  public static final ReadMode LEASE = new ReadMode(Kind.LEASE, 0);
  public static final ReadMode SEQUENTIAL = new ReadMode(Kind.SEQUENTIAL, 0);

  public ReadMode {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.BOUNDED
        ? boundMillis < 1 || boundMillis > BOUND_MILLIS_MAX
        : boundMillis != 0) {
      throw new IllegalArgumentException(
          "bound of "
              + boundMillis
              + " ms for a "
              + kind
              + " read (a BOUNDED read takes 1.."
              + BOUND_MILLIS_MAX
              + " ms, the others none)");
    }
  }

  /** A read at most {@code millis} behind the leader. */
  public static ReadMode bounded(long millis) {
    return new ReadMode(Kind.BOUNDED, millis);
  }

  /** Whether any replica may answer it (not only the leader). */
  public boolean anyReplica() {
    return kind == Kind.SEQUENTIAL || kind == Kind.BOUNDED;
  }

  /**
   * Parses {@code linearizable}, {@code lease}, {@code sequential} or {@code bounded:N[ms|s]}
   * (case-insensitive; milliseconds without a unit), as {@code concoord call --read} takes it.
   */
  public static ReadMode parse(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    switch (lower) {
      case "linearizable" -> {
        return LINEARIZABLE;
      }
      case "lease" -> {
        return LEASE;
      }
      case "sequential" -> {
        return SEQUENTIAL;
      }
      default -> {}
    }
    if (!lower.startsWith("bounded:") && !lower.startsWith("bounded(")) {
      throw new IllegalArgumentException(
          "read mode '"
              + text
              + "': expected linearizable, lease,"
              + " sequential or bounded:N (N milliseconds, or Nms, Ns)");
    }
    String amount = lower.substring("bounded:".length()).replace(")", "").trim();
    long factor = 1;
    if (amount.endsWith("ms")) {
      amount = amount.substring(0, amount.length() - 2);
    } else if (amount.endsWith("s")) {
      amount = amount.substring(0, amount.length() - 1);
      factor = 1000;
    }
    try {
      return bounded(Math.multiplyExact(Long.parseLong(amount.trim()), factor));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "read mode '" + text + "': the bound is not a number of" + " milliseconds or seconds", e);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.BOUNDED
        ? "bounded:" + boundMillis + "ms"
        : kind.name().toLowerCase(Locale.ROOT);
  }
}
