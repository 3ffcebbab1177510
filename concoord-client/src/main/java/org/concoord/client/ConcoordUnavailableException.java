package org.concoord.client;

/**
 * No node of the bootstrap accepted a connection within the connect timeout ({@link
 * ClientOptions#connectTimeout()}), at start-up or on a failover. A call that was outstanding when
 * this happened has an unknown outcome, as after a timeout.
 */
public class ConcoordUnavailableException extends ConcoordException {
  private static final long serialVersionUID = 1L;

  public ConcoordUnavailableException(String message) {
    super(message);
  }

  public ConcoordUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
