package org.concoord.core.message;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.concoord.core.host.Response;
import org.concoord.core.view.ViewHistory;

/**
 * Replica -> lagging replica (or nameserver): the replicated state as of slot {@code slot}, sent
 * instead of a {@link CatchUpReply} when the slots asked for are no longer retained. Everything
 * that executing slots 1..slot produced: the object ({@code object}, from {@link
 * org.concoord.core.host.StateMachine#snapshot}), the client sessions with their cached replies,
 * the views, the replicated clock and the state quota's measure. The receiver continues with the
 * log from {@code slot + 1}. No fsync.
 *
 * <p>Between replicas a snapshot travels as {@link SnapshotChunk}s (any size); as one frame it goes
 * only to a nameserver, which needs the views alone (object and sessions left empty).
 */
public record Snapshot(
    long slot,
    long clockTicks,
    List<ViewHistory.Entry> views,
    long sessionsScannedTicks,
    List<Session> sessions,
    StateSize size,
    byte[] object,
    byte[] access)
    implements Message {
  /**
   * The state quota's replicated measure ({@code StateQuota}): the object's snapshot size at the
   * last measure, the argument bytes executed since, and the calls since. Replicated so that every
   * replica measures, and refuses, at the same calls.
   */
  public record StateSize(long bytes, long grownBytes, long callsSince) {
    public static final StateSize ZERO = new StateSize(0, 0, 0);

    public StateSize {
      if (bytes < 0 || grownBytes < 0 || callsSince < 0) {
        throw new IllegalArgumentException("state size counts must be >= 0");
      }
    }
  }

  /** A snapshot whose state was never measured. */
  public Snapshot(
      long slot,
      long clockTicks,
      List<ViewHistory.Entry> views,
      long sessionsScannedTicks,
      List<Session> sessions,
      byte[] object) {
    this(slot, clockTicks, views, sessionsScannedTicks, sessions, StateSize.ZERO, object);
  }

  /** A snapshot with the initial access policy. */
  public Snapshot(
      long slot,
      long clockTicks,
      List<ViewHistory.Entry> views,
      long sessionsScannedTicks,
      List<Session> sessions,
      StateSize size,
      byte[] object) {
    this(slot, clockTicks, views, sessionsScannedTicks, sessions, size, object, new byte[0]);
  }

  /**
   * One client session of the reply cache, in activity order (least recently active first); {@code
   * principal} opened it and alone may use it.
   */
  public record Session(
      long clientId,
      long activeTicks,
      long expiryTicks,
      long ackedBelow,
      List<Reply> replies,
      List<Long> parked,
      String principal) {
    public Session {
      replies = List.copyOf(replies);
      parked = List.copyOf(parked);
      Objects.requireNonNull(principal, "principal");
    }

    /** A session of the plaintext principal. */
    public Session(
        long clientId,
        long activeTicks,
        long expiryTicks,
        long ackedBelow,
        List<Reply> replies,
        List<Long> parked) {
      this(clientId, activeTicks, expiryTicks, ackedBelow, replies, parked, "");
    }
  }

  /** A cached reply of one call. */
  public record Reply(long seq, Response response) {
    public Reply {
      Objects.requireNonNull(response, "response");
    }
  }

  public Snapshot {
    if (slot < 1) {
      throw new IllegalArgumentException("a snapshot covers at least slot 1: " + slot);
    }
    views = List.copyOf(views);
    if (views.isEmpty()) {
      throw new IllegalArgumentException("a snapshot needs at least one view");
    }
    sessions = List.copyOf(sessions);
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(access, "access");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s
        && slot == s.slot
        && clockTicks == s.clockTicks
        && views.equals(s.views)
        && sessionsScannedTicks == s.sessionsScannedTicks
        && sessions.equals(s.sessions)
        && size.equals(s.size)
        && Arrays.equals(object, s.object)
        && Arrays.equals(access, s.access);
  }

  @Override
  public int hashCode() {
    return Objects.hash(slot, clockTicks, views, sessions) * 31 + Arrays.hashCode(object);
  }

  @Override
  public String toString() {
    return "Snapshot[slot "
        + slot
        + ", "
        + sessions.size()
        + " sessions, object "
        + object.length
        + "B]";
  }
}
