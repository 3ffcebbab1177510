package org.concoord.client;

/**
 * No final reply within the call timeout ({@link ClientOptions#callTimeout()}), or no room among
 * the outstanding requests within it. The outcome is unknown: the call may or may not have
 * executed, and may still execute later. The message names the bootstrap and how long it waited.
 */
public class ConcoordTimeoutException extends ConcoordException {
  private static final long serialVersionUID = 1L;

  public ConcoordTimeoutException(String message) {
    super(message);
  }
}
