package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A recorded client history, built as it happens: {@link #invoke} when a client sends a request,
 * then {@link #complete} when it gets the answer or {@link #indeterminate} when it gives up.
 *
 * <p>An operation still awaiting its outcome when the history is read is reported as indeterminate:
 * a run may end with requests in flight, and those may or may not have taken effect.
 *
 * <p>Thread-safe (every method is synchronized): process-level tests record from several client
 * threads. Reads no clock; the caller passes the times.
 */
public final class History {
  /** The operations so far; a pending one is stored as indeterminate until it is resolved. */
  private final List<Operation> operations = new ArrayList<>();

  /** Whether each operation's outcome is known, so a second outcome is caught as a recorder bug. */
  private final List<Boolean> resolved = new ArrayList<>();

  /** Names one invoked operation of one history, for recording its outcome. */
  public static final class Handle {
    private final History owner;
    private final int id;

    private Handle(History owner, int id) {
      this.owner = owner;
      this.id = id;
    }

    /** The operation's id in its history. */
    public int id() {
      return id;
    }

    @Override
    public String toString() {
      return "handle#" + id;
    }
  }

  /** Records that {@code client} invoked {@code input} at {@code time}. */
  public synchronized Handle invoke(int client, Input input, long time) {
    Objects.requireNonNull(input, "input");
    if (time == Operation.NEVER) {
      throw new IllegalArgumentException("invoke time must be a real time: " + time);
    }
    int id = operations.size();
    operations.add(Operation.indeterminate(id, client, input, time));
    resolved.add(false);
    return new Handle(this, id);
  }

  /**
   * Records that the operation answered {@code output} (null for a void method) at {@code time}.
   */
  public synchronized void complete(Handle handle, Object output, long time) {
    Operation pending = pending(handle);
    // Built before anything is marked, so a bad time leaves the operation pending.
    Operation done =
        Operation.completed(
            pending.id(), pending.client(), pending.input(), pending.invokeTime(), time, output);
    operations.set(handle.id, done);
    resolved.set(handle.id, true);
  }

  /** Records that the client gave up on the operation without learning whether it took effect. */
  public synchronized void indeterminate(Handle handle) {
    pending(handle);
    resolved.set(handle.id, true);
  }

  /** A snapshot of the operations in invocation-recording order; pending ones as indeterminate. */
  public synchronized List<Operation> operations() {
    return Collections.unmodifiableList(new ArrayList<>(operations));
  }

  public synchronized int size() {
    return operations.size();
  }

  private Operation pending(Handle handle) {
    Objects.requireNonNull(handle, "handle");
    if (handle.owner != this) {
      throw new IllegalArgumentException(handle + " belongs to another history");
    }
    if (resolved.get(handle.id)) {
      throw new IllegalStateException(
          "outcome of " + operations.get(handle.id) + " recorded twice");
    }
    return operations.get(handle.id);
  }

  @Override
  public synchronized String toString() {
    return "History" + operations;
  }
}
