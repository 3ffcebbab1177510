package org.concoord.core.host;

/**
 * An {@link Error} (OutOfMemoryError, StackOverflowError, a user's own) out of the object's code.
 * Not an exception reply: an Error says the JVM, not the call, failed, and it need not happen alike
 * on every replica, so going on could make replicas diverge. The node stops, non-zero, naming the
 * slot, the method and the client (docs/operations.md, "A node stopped by the object"). An Error
 * itself, so that no {@code catch (RuntimeException)} on the way swallows it.
 */
public final class UserCodeFailure extends Error {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final long clientId;
  private final long seq;
  private final long slot;

  public UserCodeFailure(String method, long clientId, long seq, long slot, Throwable cause) {
    super(describe(method, clientId, seq, slot, cause), cause, false, false);
    this.method = method;
    this.clientId = clientId;
    this.seq = seq;
    this.slot = slot;
  }

  /** This failure, at {@code slot} (ObjectHost does not know slots; the replica does). */
  public UserCodeFailure atSlot(long atSlot) {
    return new UserCodeFailure(method, clientId, seq, atSlot, getCause());
  }

  public String method() {
    return method;
  }

  public long clientId() {
    return clientId;
  }

  public long seq() {
    return seq;
  }

  /** The slot being executed, or 0 if unknown. */
  public long slot() {
    return slot;
  }

  private static String describe(
      String method, long clientId, long seq, long slot, Throwable cause) {
    String error;
    try {
      error = String.valueOf(cause);
    } catch (Throwable t) {
      error = cause.getClass().getName();
    }
    return (slot > 0 ? "slot " + slot + ": " : "")
        + method
        + " of client "
        + clientId
        + " (request "
        + seq
        + ") threw "
        + error;
  }
}
