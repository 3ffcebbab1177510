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
 * beyond {@code stateMaxBytes} is refused with a {@link StateQuotaExceededException} naming the
 * object, its size and the quota, before it runs; reads and calls that shrink the state keep
 * running.
 *
 * <p>The measure is the object's snapshot size in bytes ({@link StateMachine#snapshotSize},
 * counted, nothing kept): the same on every replica for the same state, unlike heap usage. It costs
 * time linear in the state, so far from the quota it is not taken on every call: a call only adds
 * its argument bytes to an estimate of growth, and the state is measured every {@code max(64, bytes
 * / 1024)} calls or once the estimate reaches an eighth of the quota (amortized: about 1 KiB of
 * encoding per call). Once the estimate comes within reach of the quota, the state is measured
 * after every call, and a call is refused, without running, when the state plus its argument bytes
 * (what a call can add to a typical object) would exceed the quota, unless its arguments are small
 * ({@link #SMALL_ARGS_BYTES}: reads, removals by key or index). Refusing before running needs no
 * copy of the state to undo with, so the quota costs no memory (a copy would double the state's
 * footprint exactly when it is largest). A call that grows the state by more than its arguments (a
 * method that generates data) may overshoot; the state is then over the quota, and from then on
 * only calls with small arguments run.
 *
 * <p>The counters are replicated state (they travel in snapshots, {@link Snapshot.StateSize}), so
 * every replica measures, and refuses, at the same calls. The quota itself must be the same on
 * every replica (a replica with another one diverges, which the digest check reports).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class StateQuota {
  /** Growth allowed per call beyond its argument bytes before every call is measured. */
  static final long SLACK_BYTES = 64 << 10;

  /** Arguments this small never make a call refused: reads, removals by key or index. */
  static final long SMALL_ARGS_BYTES = 4 << 10;

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
    if (bytes <= maxBytes && bytes + grownBytes + args + SLACK_BYTES < maxBytes) {
      Execution execution = machine.execute(context, call);
      grownBytes += args;
      callsSince++;
      if (callsSince >= Math.max(MEASURE_EVERY_CALLS_MIN, bytes / 1024)
          || grownBytes >= maxBytes / 8) {
        measure(machine);
      }
      return execution;
    }
    if (grownBytes > 0 || callsSince > 0) {
      measure(machine); // within reach of the quota: decide on the exact size
    }
    if (args > SMALL_ARGS_BYTES && bytes + args > maxBytes && !unmeasurable) {
      observer.mark("state-quota.refused");
      refusing = true;
      return refused(machine, call, bytes + args);
    }
    Execution execution = machine.execute(context, call);
    measure(machine);
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
    String message =
        "state quota exceeded: "
            + call.method()
            + " would grow the state of "
            + machine.describe()
            + " from "
            + bytes
            + " to about "
            + after
            + " bytes, over"
            + " --state-max "
            + maxBytes
            + " bytes; the call did not run (reads and calls that"
            + " shrink the state still run)";
    return Execution.done(
        new Response(
            Outcome.EXCEPTION,
            ObjectHost.exceptionPayload(new StateQuotaExceededException(message))));
  }

  /** What an operator should know, or null: the object is at its quota. */
  String notice(StateMachine machine) {
    if (!isOver() && !refusing) {
      return null;
    }
    return "state quota reached: "
        + machine.describe()
        + " holds "
        + bytes
        + " bytes of state, --state-max "
        + maxBytes
        + " (calls that grow it are refused)";
  }
}
