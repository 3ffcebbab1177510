package org.concoord.core.host;

/**
 * A call was refused because it would have grown the object's state beyond the replicas' state
 * quota ({@code --state-max}); what it changed was undone. Reads, and calls that shrink the state,
 * still run. The client library recreates it from an EXCEPTION reply.
 */
public class StateQuotaExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateQuotaExceededException(String message) {
    super(message);
  }
}
