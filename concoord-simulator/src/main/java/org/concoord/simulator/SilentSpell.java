package org.concoord.simulator;

/**
 * A client's one long silence in a run whose sessions expire: from its start the client begins no
 * call, and once nothing is outstanding it stays silent for the spell's length, long enough for the
 * replicas to expire its session. Its next call is then refused as expired, and the session must
 * start anew: the call after that opens the new session (its ackedBelow is 1), so a second refusal
 * before any call succeeds is a bug of the client's session.
 */
final class SilentSpell {
  private long startTicks = -1;
  private long lengthTicks;
  private long untilTicks = -1;

  /** Told its session expired, and no call has succeeded since. */
  private boolean awaitingNewSession;

  /** The spell is over and no call has succeeded since: an expiry now is its doing. */
  private boolean justEnded;

  void plan(long startTicks, long lengthTicks) {
    this.startTicks = startTicks;
    this.lengthTicks = lengthTicks;
  }

  /** Whether the client must start nothing at {@code now}; {@code idle}: nothing outstanding. */
  boolean holds(long now, boolean idle) {
    if (startTicks < 0 || now < startTicks) {
      return false;
    }
    if (untilTicks < 0 && idle) {
      untilTicks = now + lengthTicks;
    }
    if (untilTicks >= 0 && now >= untilTicks) {
      startTicks = -1; // over: once per run
      justEnded = true;
      return false;
    }
    return true;
  }

  void succeeded() {
    awaitingNewSession = false;
    justEnded = false;
  }

  /**
   * Whether an expiry now is the spell's doing, so rightful whatever the session oracle says: its
   * first calls after the spell, pipelined, may execute (refused) in any order, and the oracle
   * would count one refused call's execution as hearing the client before another's refusal.
   */
  boolean explains() {
    return justEnded;
  }

  /**
   * The replicas rightly expired the client's session at {@code seq}: null if that may be so, else
   * why not (the new session's own calls must not be refused as expired).
   */
  String expired(String client, long seq) {
    if (awaitingNewSession) {
      return client
          + "'s new session was refused as expired (seq "
          + seq
          + ") before any call"
          + " succeeded: its first call, with ackedBelow 1, must open it";
    }
    awaitingNewSession = true;
    return null;
  }
}
