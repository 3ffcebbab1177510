package org.concoord.core.value;

/**
 * A value that cannot be encoded, decoded or converted to its declared type. The message says where
 * (argument, element, key, component) and what was expected, e.g. "argument 2 ('amount') of
 * Bank.deposit: expected long, got string", so a REJECTED reply can carry it to the caller as is.
 */
public class ValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ValueException(String message) {
    super(message);
  }

  public ValueException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Longest client-supplied name (key, enum constant, field) quoted in full in a message. */
  static final int QUOTED_LENGTH_MAX = 64;

  /** {@code 'name'}, shortened if long: a hostile key must not make the message huge. */
  static String quote(String name) {
    return "'"
        + (name.length() <= QUOTED_LENGTH_MAX ? name : name.substring(0, QUOTED_LENGTH_MAX) + "...")
        + "'";
  }

  /** This error seen from an enclosing value: "{@code where}: message". Keeps the cause chain. */
  public ValueException within(String where) {
    return new ValueException(where + ": " + getMessage(), this);
  }
}
