package org.concoord.client;

/**
 * The base of every failure the client reports about the service itself (as opposed to an exception
 * the replicated object threw, which is rethrown as its own type). Unchecked, so generated proxies
 * need not declare it.
 */
public class ConcoordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConcoordException(String message) {
    super(message);
  }

  public ConcoordException(String message, Throwable cause) {
    super(message, cause);
  }
}
