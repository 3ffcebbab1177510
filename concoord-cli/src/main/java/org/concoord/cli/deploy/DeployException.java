package org.concoord.cli.deploy;

/**
 * A step of a deployment over SSH failed on one host: the message names the host and the step
 * ({@code host 127.0.0.3, step connect: ...}), so the operator knows where to look.
 */
public final class DeployException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String step;

  DeployException(String host, String step, String detail) {
    super("host " + host + ", step " + step + ": " + detail);
    this.host = host;
    this.step = step;
  }

  DeployException(String host, String step, String detail, Throwable cause) {
    this(host, step, detail);
    initCause(cause);
  }

  String host() {
    return host;
  }

  String step() {
    return step;
  }
}
