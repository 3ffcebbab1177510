package org.concoord.client;

/**
 * The call was refused and did not run: a REJECTED reply (unknown method, wrong arity, an argument
 * that does not decode as the parameter's type, an expired session, an overloaded leader), or an
 * argument the client could not encode, refused before anything was sent. {@link #reason()} is
 * the replica's (or the client's) explanation, e.g. "argument 1 ('delta') of Counter.add:
 * expected long, got string".
 */
public class ConcoordRejectedException extends ConcoordException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public ConcoordRejectedException(String reason) {
    super(reason);
    this.reason = reason;
  }

  public ConcoordRejectedException(String reason, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
  }

  /** Why the call was refused, as the replica (or the client) put it. */
  public String reason() {
    return reason;
  }
}
