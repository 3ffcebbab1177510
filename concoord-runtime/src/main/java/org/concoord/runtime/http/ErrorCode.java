package org.concoord.runtime.http;

import org.concoord.core.message.Reason;

/**
 * The stable error codes of the HTTP API and their HTTP status. The code is the contract (clients
 * switch on it); the message beside it is for people and may change.
 */
public enum ErrorCode {
  /** The object has no method of that name (404). */
  UNKNOWN_METHOD("unknown_method", 404),
  /** The body is not a JSON array, or an argument does not fit the parameter (400). */
  BAD_ARGUMENT("bad_argument", 400),
  /** The method ran and threw; a retry with the same id and seq gets the same answer (409). */
  EXCEPTION("exception", 409),
  /** The replicas refused the call and it did not run, e.g. an expired session (422). */
  REJECTED("rejected", 422),
  /**
   * A budget is full (the leader's queue, the session's unacknowledged replies, the relay's
   * outstanding requests): the call did not run; retry later with the same id and seq (429).
   */
  OVERLOADED("overloaded", 429),
  /**
   * No leader answered within the wait: the outcome is unknown; retry with the same id and seq to
   * learn it (503).
   */
  UNAVAILABLE("unavailable", 503),
  /** No such object or path (404). */
  NOT_FOUND("not_found", 404),
  /** The path exists but not for this HTTP method (405). */
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  /** The request body exceeds the byte bound (413). */
  TOO_LARGE("too_large", 413),
  /** A Concoord-* header is malformed (400). */
  BAD_HEADER("bad_header", 400),
  /** The authenticated principal may not make this call (403). */
  FORBIDDEN("forbidden", 403);

  public final String code;
  public final int status;

  ErrorCode(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /**
   * The code for a REJECTED reply of the replicas, by its reason code (never by its text). The
   * gateway checks method names and arguments itself first, so the argument cases here are only a
   * fallback.
   */
  public static ErrorCode ofRejection(Reason reason) {
    return switch (reason) {
      case NO_OBJECT -> NOT_FOUND;
      case UNKNOWN_METHOD -> UNKNOWN_METHOD;
      case ACCESS_DENIED, WRONG_PRINCIPAL -> FORBIDDEN;
      case OVERLOADED, UNACKNOWLEDGED -> OVERLOADED;
      case BAD_ARGUMENTS -> BAD_ARGUMENT;
      default -> REJECTED;
    };
  }
}
