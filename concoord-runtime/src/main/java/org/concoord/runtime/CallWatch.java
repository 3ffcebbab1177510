package org.concoord.runtime;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.Release;
import org.concoord.core.host.StateMachine;

/**
 * Knows which call of the object the node thread is running, and since when, so that a watchdog on
 * another thread can name a call that never returns (a {@code while (true)}, a sleep): every
 * replica would hang at the same slot, and the node must stop saying which (docs/operations.md, "A
 * node stopped by the object"). Wraps the replica's machine; the cost is two volatile writes per
 * call.
 *
 * <p>Forwards every method of {@link StateMachine}, defaults included ({@code CallWatchTest}
 * checks): a default left to the interface would silently replace the object host's own, as {@code
 * snapshotSize} once did, which made the state quota capture the whole state (a JSON copy in a
 * doubling buffer, up to three times the state) at every call near the quota, and ran every replica
 * out of heap at the same slot.
 */
final class CallWatch implements StateMachine, ObjectCatalog.CallWatcher {
  private record Running(String method, long clientId, long seq, long startNanos) {}

  private final StateMachine machine;
  private volatile Running running;

  /** The machine this watch wraps (the object host, for what reads its object directly). */
  StateMachine watched() {
    return machine;
  }

  CallWatch(StateMachine machine) {
    this.machine = machine;
  }

  @Override
  public Execution execute(CallContext context, Call call) {
    running = new Running(call.method(), context.clientId(), context.seq(), System.nanoTime());
    try {
      return machine.execute(context, call);
    } finally {
      running = null;
    }
  }

  @Override
  public List<Release> sessionExpired(long clientId) {
    running = new Running("session-expiry listener", clientId, 0, System.nanoTime());
    try {
      return machine.sessionExpired(clientId);
    } finally {
      running = null;
    }
  }

  /**
   * A named object's call started (the directory tells; the default object's come through here).
   */
  @Override
  public void started(String what, long clientId, long seq) {
    running = new Running(what, clientId, seq, System.nanoTime());
  }

  @Override
  public void ended() {
    running = null;
  }

  @Override
  public long snapshotSize() {
    return machine.snapshotSize();
  }

  @Override
  public String describe() {
    return machine.describe();
  }

  @Override
  public byte[] snapshot() {
    return machine.snapshot();
  }

  @Override
  public void writeSnapshot(java.io.OutputStream out) {
    machine.writeSnapshot(out); // the default would capture into an array first
  }

  @Override
  public void restore(byte[] snapshot) {
    machine.restore(snapshot);
  }

  @Override
  public boolean mayPark(String method, int arity) {
    return machine.mayPark(method, arity);
  }

  @Override
  public org.concoord.core.access.AccessRole access(String method) {
    return machine.access(method);
  }

  @Override
  public boolean isReadOnly(String method) {
    return machine.isReadOnly(method);
  }

  /**
   * The call running for longer than {@code boundMillis}, described with {@code slot}, or null. Any
   * thread.
   */
  String overdue(long boundMillis, long slot) {
    Running now = running;
    if (now == null) {
      return null;
    }
    long millis = (System.nanoTime() - now.startNanos) / 1_000_000;
    if (millis <= boundMillis) {
      return null;
    }
    return "slot "
        + slot
        + ": method "
        + now.method
        + " of client "
        + now.clientId
        + " (request "
        + now.seq
        + ") has run for "
        + millis / 1000
        + " s, past the bound of "
        + boundMillis / 1000
        + " s (concoord.call.timeout.seconds)";
  }
}
