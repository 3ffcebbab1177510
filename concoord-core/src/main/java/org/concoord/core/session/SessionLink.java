package org.concoord.core.session;

import java.util.Objects;
import org.concoord.core.NodeId;

/**
 * Which replica a {@link ClientSession} talks to, and its moves to another: the link's state, the
 * epoch that tells a call sent on an older connection, and the move being made (its hint, its
 * reason, when it is due, and the failovers in a row its backoff grows with). Held apart from the
 * session's calls, which only ask where to send.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: time is the driver's ticks.
 */
final class SessionLink {
  /**
   * Where the session's requests go: ON a replica (sent to it); LEAVING it once the backoff has
   * passed (new calls wait); MOVING (a {@link SessionEffects.Move} was emitted, the driver's answer
   * awaited); NONE (no replica, and none asked for: the next call asks for one).
   */
  private enum State {
    ON,
    LEAVING,
    MOVING,
    NONE
  }

  private final SessionConfig config;
  private State state = State.NONE;
  private NodeId node;

  /** Bumped at every connection: a call sent in an older one is resent. */
  private long epoch;

  private NodeId leaveHint;
  private String leaveWhy;
  private long leaveAtTicks;
  private int failoversInARow;

  SessionLink(SessionConfig config) {
    this.config = config;
  }

  boolean isOn() {
    return state == State.ON;
  }

  /** No replica, and none asked for. */
  boolean isNone() {
    return state == State.NONE;
  }

  /** The replica last connected to; null once it is left by a move or found unreachable. */
  NodeId node() {
    return node;
  }

  /** The replica the session is on, or null while it moves. */
  NodeId replica() {
    return state == State.ON ? node : null;
  }

  long epoch() {
    return epoch;
  }

  /** Whether {@code from} is the replica the session is on (false for null). */
  boolean isCurrent(NodeId from) {
    return from != null && state == State.ON && from.equals(node);
  }

  /** The driver is on {@code replica} now. */
  void connected(NodeId replica) {
    state = State.ON;
    node = Objects.requireNonNull(replica, "replica");
    epoch++;
  }

  /** The driver reached no replica. */
  void unreachable() {
    state = State.NONE;
    node = null;
  }

  /** The replica serves the session: stop backing off. */
  void served() {
    failoversInARow = 0;
  }

  /** Asks the driver for a replica at once, for {@code why}. */
  void moveNow(String why, SessionEffects out) {
    leaveWhy = why;
    move(out);
  }

  /** Makes the move being left for if it is due at {@code nowTicks}; true if it made it. */
  boolean moveIfDue(long nowTicks, SessionEffects out) {
    if (state == State.LEAVING && nowTicks >= leaveAtTicks) {
      move(out);
      return true;
    }
    return false;
  }

  /**
   * Leaves the current replica: for {@code hint} if given, else for the next, after the backoff
   * that the failovers in a row call for (at least its least if {@code backOff}).
   */
  void leave(NodeId hint, boolean backOff, String why, long nowTicks, SessionEffects out) {
    long delay = config.backoffTicks(failoversInARow, hint != null);
    failoversInARow++;
    state = State.LEAVING;
    leaveHint = hint;
    leaveWhy = why;
    leaveAtTicks = nowTicks + (backOff ? Math.max(delay, config.backoffMinTicks()) : delay);
    if (leaveAtTicks <= nowTicks) {
      move(out);
    }
  }

  private void move(SessionEffects out) {
    state = State.MOVING;
    node = null;
    out.add(new SessionEffects.Move(leaveHint, leaveWhy));
    leaveHint = null;
    leaveWhy = null;
  }
}
