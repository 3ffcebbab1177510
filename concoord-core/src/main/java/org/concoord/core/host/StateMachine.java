package org.concoord.core.host;

import java.util.List;
import org.concoord.core.access.AccessRole;
import org.concoord.core.command.Call;

/**
 * The replicated object as the replica sees it: calls executed one at a time, in slot order, on
 * every replica alike. Implementations must be deterministic (same calls, same results) and must
 * not throw for anything a client can cause: a user exception, an unknown method or a bad argument
 * is an EXCEPTION or REJECTED response. Not thread-safe; driven by the replica.
 */
public interface StateMachine {
  Execution execute(CallContext context, Call call);

  /**
   * The session of {@code clientId} expired (by the log's clock, in slot order): release what it
   * held. Returns the calls of other clients that this released.
   */
  default List<Release> sessionExpired(long clientId) {
    return List.of();
  }

  /**
   * The object's replicated state as bytes, for a replica that is too far behind to replay the log.
   * Equal states give equal bytes.
   *
   * @throws UnsupportedOperationException if this machine cannot be snapshotted
   */
  default byte[] snapshot() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no snapshots");
  }

  /**
   * How many bytes {@link #snapshot} would return now: the state quota's measure. Deterministic
   * like the snapshot itself; implementations should count rather than keep the bytes.
   *
   * @throws UnsupportedOperationException if this machine cannot be snapshotted
   */
  default long snapshotSize() {
    return snapshot().length;
  }

  /**
   * Writes the bytes {@link #snapshot} would return to {@code out}, straight from the state: a
   * large state then goes into the array that holds the whole snapshot without an array of its own
   * first (one copy of the state less while a snapshot is taken).
   *
   * @throws UnsupportedOperationException if this machine cannot be snapshotted
   */
  default void writeSnapshot(java.io.OutputStream out) {
    try {
      out.write(snapshot());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The role {@code method} needs when the access policy has no rule for it (its {@link
   * org.concoord.core.access.Access} annotation), or null for the default (writer).
   */
  default AccessRole access(String method) {
    return null;
  }

  /**
   * Whether every overload of {@code method} is read-only (marked {@link ReadOnly}, which the
   * object check verified at load): such a method a watch may evaluate between slots.
   */
  default boolean isReadOnly(String method) {
    return false;
  }

  /**
   * Whether a call of {@code method} with {@code arity} arguments may park (it takes a {@code
   * Caller}): a read-only method that may is a blocking read, and goes through the log. True by
   * default, for machines that cannot tell.
   */
  default boolean mayPark(String method, int arity) {
    return true;
  }

  /** A short name of what this machine runs (the object's class), for messages. */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * Replaces the state by one {@link #snapshot} produced (on any replica of the same code).
   *
   * @throws IllegalArgumentException if the bytes are not such a snapshot (nothing changed)
   * @throws UnsupportedOperationException if this machine cannot be snapshotted
   */
  default void restore(byte[] snapshot) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no snapshots");
  }
}
