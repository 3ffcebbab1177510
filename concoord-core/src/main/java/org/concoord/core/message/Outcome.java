package org.concoord.core.message;

/** The outcome codes of a {@link ClientReply}; codes are the wire encoding. */
public enum Outcome {
  /** The call executed; the payload is its encoded result. */
  OK(0),
  /** The object's method threw; the payload is the encoded exception (type, message). */
  EXCEPTION(1),
  /** The call is parked by a blocking object; a later UNBLOCKED reply completes it. */
  BLOCKED(2),
  /** A parked call completed; the payload is its encoded result. */
  UNBLOCKED(3),
  /** This replica does not lead; the reply's leader hint names who does, if known. */
  NOT_LEADER(4),
  /** The request was refused (bad input, expired session, overload); the payload says why. */
  REJECTED(5);

  public final int code;

  Outcome(int code) {
    this.code = code;
  }

  public static Outcome ofCode(int code) {
    for (Outcome o : values()) {
      if (o.code == code) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome code " + code);
  }

  /** Whether this outcome ends the call (the client stops retrying). */
  public boolean isFinal() {
    return this == OK || this == EXCEPTION || this == UNBLOCKED || this == REJECTED;
  }
}
