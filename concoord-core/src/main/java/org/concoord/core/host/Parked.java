package org.concoord.core.host;

/**
 * A parked call, as the object stores it (typically in a queue of waiters): a plain value of the
 * caller's {@code clientId}, the call's {@code seq} and the parked {@code method}, equal to any
 * other handle of the same call, so a snapshot of the object can carry its waiters.
 *
 * <p>{@link #resume} and {@link #fail} complete the call; they must be called while the object is
 * executing a (later) call, and the completion travels in that call's {@link Execution#releases()}.
 * The first completion wins; later ones, on this or an equal handle, are ignored.
 */
public final class Parked {
  private final long clientId;
  private final long seq;
  private final String method;
  private final ObjectHost host;

  Parked(long clientId, long seq, String method, ObjectHost host) {
    this.clientId = clientId;
    this.seq = seq;
    this.method = method;
    this.host = host;
  }

  public long clientId() {
    return clientId;
  }

  public long seq() {
    return seq;
  }

  public String method() {
    return method;
  }

  /**
   * Completes the call with {@code result}, encoded by the parked method's declared return type
   * (ignored for void). The reply is UNBLOCKED.
   *
   * @throws org.concoord.core.value.ValueException if the result does not fit that type (the call
   *     stays parked)
   * @throws IllegalStateException if no call is executing
   */
  public void resume(Object result) {
    host.resume(this, result);
  }

  /**
   * Whether the call still waits: false once completed, or once its client's session expired (the
   * host dropped it). An object handing something to its next waiter skips those that do not.
   */
  public boolean isPending() {
    return host.isPending(this);
  }

  /** Completes the call with {@code error}: an EXCEPTION reply carrying its type and message. */
  public void fail(RuntimeException error) {
    host.fail(this, error);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parked p
        && clientId == p.clientId
        && seq == p.seq
        && method.equals(p.method);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(clientId) + Long.hashCode(seq)) + method.hashCode();
  }

  @Override
  public String toString() {
    return "Parked[client " + clientId + " #" + seq + " " + method + "]";
  }
}
