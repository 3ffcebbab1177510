package org.concoord.core.message;

/**
 * Why a request was refused: the stable code of a {@code REJECTED} reply, of a watch's {@code
 * ENDED} event and of a refused {@link JoinReply}. Clients, the HTTP gateway and joining nodes
 * decide by this code, never by the message beside it, which is for people and may be reworded. The
 * codes are the wire encoding: never renumber, only add (docs/protocol.md, "Reason codes").
 */
public enum Reason {
  /** No code: a refusal from an older replica, a code this build does not know, or none fits. */
  UNSPECIFIED(0),
  /** The replicas dropped the client's session: outstanding calls have unknown outcome. */
  SESSION_EXPIRED(1),
  /** The client id's session belongs to another principal: use a fresh client id. */
  WRONG_PRINCIPAL(2),
  /** A budget is full (the leader's queue, waiting reads, a session's replies): retry later. */
  OVERLOADED(3),
  /** The session holds too many unacknowledged replies: acknowledge, then retry. */
  UNACKNOWLEDGED(4),
  /** The access policy does not let this principal make the call. */
  ACCESS_DENIED(5),
  /** No object of that name (never created, or deleted). */
  NO_OBJECT(6),
  /** The object has no method of that name. */
  UNKNOWN_METHOD(7),
  /** An argument does not fit its parameter, or the number of arguments is wrong. */
  BAD_ARGUMENTS(8),
  /** The request is over a byte bound. */
  TOO_LARGE(9),
  /** The call cannot be made as sent (an object name missing or not wanted, no such class). */
  INVALID(10),
  /** A fixed bound of the instance is reached (objects, watches): retrying will not help soon. */
  LIMIT(11),
  /** This node does not lead; the reply's leader hint names who may. */
  NOT_LEADER(12),
  /** The joining replica's object code differs from the instance's: it must not join. */
  CODE_DIFFERS(13),
  /** This replica cannot serve the watch now (recovering, not a replica): try another one. */
  TRY_ANOTHER_REPLICA(14),
  /** The watched method is not read-only, or parked the call. */
  NOT_READ_ONLY(15),
  /** The client cancelled the watch. */
  CANCELLED(16),
  /** The object exists already. */
  EXISTS(17);

  /** The wire encoding. */
  public final int code;

  Reason(int code) {
    this.code = code;
  }

  /**
   * The reason of {@code code}; {@link #UNSPECIFIED} for a code this build does not know (a newer
   * node's), so that a new code never makes an old client's decoding fail.
   */
  public static Reason ofCode(long code) {
    for (Reason reason : values()) {
      if (reason.code == code) {
        return reason;
      }
    }
    return UNSPECIFIED;
  }
}
