package org.concoord.core.session;

import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ReadMode;

/** One call of a {@link ClientSession} awaiting its final reply. */
final class OutstandingCall {
  /** The seq it started with: how the driver knows it. */
  final long id;

  /** The seq it is sent with: its id, for every attempt. */
  long seq;

  final Call call;
  final ReadMode mode;
  long sentAtTicks;
  long sentEpoch = -1;
  boolean blocked;
  int attempts;
  NodeId lastTarget;

  /** The side replica its attempt went to ({@link ReadSpread}), or null: the session's own. */
  NodeId side;

  /** A side refused it, or left it unanswered: it goes to the session's replica from now on. */
  boolean mainOnly;

  OutstandingCall(long seq, Call call, ReadMode mode) {
    this.id = seq;
    this.seq = seq;
    this.call = call;
    this.mode = mode;
  }

  /** What became of its attempts, e.g. {@code 2 attempt(s), last to a:1}. */
  String describe() {
    return attempts
        + " attempt(s)"
        + (lastTarget == null ? ", none sent" : ", last to " + lastTarget)
        + (blocked ? ", parked: answered BLOCKED" : "");
  }

  @Override
  public String toString() {
    return "'" + call.method() + "' #" + seq;
  }
}
