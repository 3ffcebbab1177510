package org.concoord.core.host;

/**
 * The named object a call was parked on was deleted ({@code concoord objects delete}): the call
 * will never be resumed. The client library recreates it from an EXCEPTION reply.
 */
public class ObjectDeletedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ObjectDeletedException(String message) {
    super(message);
  }
}
