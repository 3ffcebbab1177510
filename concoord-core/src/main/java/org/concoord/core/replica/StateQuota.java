package org.concoord.core.replica;

import org.concoord.core.Observer;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.host.StateQuotaExceededException;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Snapshot;

/**
 * The state quota (etcd's NOSPACE alarm, per object): a call that would grow the object's state
 * beyond {@code stateMaxBytes} is undone and answered with a {@link StateQuotaExceededException}
 * naming the quota and the size; reads and calls that do not grow it keep running.
 *
 * <p>The measure is the object's snapshot size in bytes ({@link StateMachine#snapshotSize}): the
 * same on every replica for the same state, unlike heap usage. Measuring costs time linear in the
 * state, so it is not done on every call. Far from the quota a call only adds its argument bytes
 * to an estimate of growth; the state is measured every {@code max(64, bytes / 1024)} calls or
 * once the estimate reaches an eighth of the quota (amortized: about 1 KiB of encoding per call).
 * A call whose estimate could reach the quota, and every call while the state is over it, runs
 * exactly: the state is captured before (to undo) and measured after; the call is undone if the
 * state grew beyond the quota. A call whose growth is not from its arguments may overshoot until
 * the next measure; from then on growth is refused.
 *
 * <p>The counters are replicated state (they travel in snapshots, {@link Snapshot.StateSize}), so
 * every replica takes the exact path, and refuses, at the same calls. The quota itself must be the
 * same on every replica (a replica with another one diverges, which the digest check reports).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class StateQuota {
  /** Growth allowed per call beyond twice its argument bytes before the exact path is needed. */
  static final long SLACK_BYTES = 64 << 10;
  /** Fewest calls between two measures far from the quota. */
  static final long MEASURE_EVERY_CALLS_MIN = 64;

  private final long maxBytes;
  private final Observer observer;
  private long bytes;
  private long grownBytes;
  private long callsSince;
  private boolean unmeasurable;
  /** A call was refused lately (local, for the operator's notice only). */
  private boolean refusing;

  StateQuota(long maxBytes, Observer observer) {
    this.maxBytes = maxBytes;
    this.observer = observer;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** The state's size in bytes as last measured (0 before the first measure). */
  long bytes() {
    return bytes;
  }

  /** Whether the last measure found the state over the quota. */
  boolean isOver() {
    return maxBytes > 0 && bytes > maxBytes;
  }

  Snapshot.StateSize size() {
    return new Snapshot.StateSize(bytes, grownBytes, callsSince);
  }

  void restore(Snapshot.StateSize size) {
    bytes = size.bytes();
    grownBytes = size.grownBytes();
    callsSince = size.callsSince();
  }

  Execution execute(StateMachine machine, CallContext context, Call call) {
    if (maxBytes == 0 || unmeasurable) {
      return machine.execute(context, call);
    }
    long args = call.args().length;
    if (bytes <= maxBytes && bytes + grownBytes + 2 * args + SLACK_BYTES < maxBytes) {
      Execution execution = machine.execute(context, call);
      grownBytes += args;
      callsSince++;
      if (callsSince >= Math.max(MEASURE_EVERY_CALLS_MIN, bytes / 1024)
          || grownBytes >= maxBytes / 8) {
        measure(machine);
      }
      return execution;
    }
    return executeExactly(machine, context, call);
  }

  private Execution executeExactly(StateMachine machine, CallContext context, Call call) {
    byte[] before;
    try {
      before = machine.snapshot();
    } catch (UnsupportedOperationException e) {
      unmeasurable = true; // a machine without snapshots has no measure: no quota
      return machine.execute(context, call);
    }
    Execution execution = machine.execute(context, call);
    long after = machine.snapshotSize();
    grownBytes = 0;
    callsSince = 0;
    if (after > maxBytes && after > before.length) {
      machine.restore(before);
      bytes = before.length;
      observer.mark("state-quota.refused");
      refusing = true;
      return refused(machine, call, after);
    }
    bytes = after;
    refusing = refusing && bytes > maxBytes - maxBytes / 8;
    return execution;
  }

  private void measure(StateMachine machine) {
    try {
      bytes = machine.snapshotSize();
    } catch (UnsupportedOperationException e) {
      unmeasurable = true;
    }
    grownBytes = 0;
    callsSince = 0;
    if (isOver()) {
      observer.mark("state-quota.over");
    }
  }

  private Execution refused(StateMachine machine, Call call, long after) {
    String message = "state quota exceeded: " + call.method() + " would grow the state of "
        + machine.describe() + " to " + after + " bytes, over --state-max " + maxBytes
        + " bytes; the call was undone (reads and calls that shrink the state still run)";
    return Execution.done(new Response(Outcome.EXCEPTION,
        ObjectHost.exceptionPayload(new StateQuotaExceededException(message))));
  }

  /** What an operator should know, or null: the object is at its quota. */
  String notice(StateMachine machine) {
    if (!isOver() && !refusing) {
      return null;
    }
    return "state quota reached: " + machine.describe() + " holds " + bytes
        + " bytes of state, --state-max " + maxBytes + " (calls that grow it are refused)";
  }
}
