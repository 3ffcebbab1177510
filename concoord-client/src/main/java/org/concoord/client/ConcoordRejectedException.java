package org.concoord.client;

import org.concoord.core.message.Reason;

/**
 * The call was refused and did not run: a REJECTED reply (unknown method, wrong arity, an argument
 * that does not decode as the parameter's type, an expired session, an overloaded leader), or an
 * argument the client could not encode, refused before anything was sent. {@link #reason()} is the
 * replica's (or the client's) explanation, e.g. "argument 1 ('delta') of Counter.add: expected
 * long, got string"; {@link #code()} is its stable code, what a program decides by.
 */
public class ConcoordRejectedException extends ConcoordException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final Reason code;

  public ConcoordRejectedException(Reason code, String reason) {
    super(reason);
    this.reason = reason;
    this.code = code;
  }

  /** A refusal by the client itself, before anything was sent: no code. */
  public ConcoordRejectedException(String reason) {
    this(Reason.UNSPECIFIED, reason);
  }

  public ConcoordRejectedException(String reason, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
    this.code = Reason.UNSPECIFIED;
  }

  /**
   * The replicas' code for the refusal ({@link Reason#UNSPECIFIED} for one by the client, or by an
   * older replica): decide by this, not by the text of {@link #reason()}.
   */
  public Reason code() {
    return code;
  }

  /** Why the call was refused, as the replica (or the client) put it. */
  public String reason() {
    return reason;
  }
}
