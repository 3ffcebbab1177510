package org.concoord.core.command;

import java.util.Objects;

/**
 * A client's call, identified by (clientId, seq) for exactly-once execution. {@code ackedBelow} is
 * the client's promise that it holds the replies of every seq below it, so the reply cache may
 * forget them. {@code principal} is who sent it: set by the node that received the request from the
 * connection's client certificate (whatever the client wrote there is replaced), empty on a
 * plaintext connection; the access policy and the session's owner are checked against it at
 * execution (docs/security.md, "Authorization").
 */
public record ClientCommand(long clientId, long seq, long ackedBelow, Call call, String principal)
    implements Command {
  /** Longest principal name carried. */
  public static final int PRINCIPAL_LENGTH_MAX = 255;

  public ClientCommand {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(principal, "principal");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1: " + seq);
    }
    if (ackedBelow < 0 || ackedBelow > seq) {
      throw new IllegalArgumentException("ackedBelow must be in 0.." + seq + ": " + ackedBelow);
    }
    if (principal.length() > PRINCIPAL_LENGTH_MAX) {
      throw new IllegalArgumentException("principal longer than " + PRINCIPAL_LENGTH_MAX);
    }
  }

  /** A command of no principal yet (a client writes this; the receiving node sets it). */
  public ClientCommand(long clientId, long seq, long ackedBelow, Call call) {
    this(clientId, seq, ackedBelow, call, "");
  }

  /** This command as sent by {@code principal}. */
  public ClientCommand withPrincipal(String principal) {
    return principal.equals(this.principal)
        ? this
        : new ClientCommand(clientId, seq, ackedBelow, call, principal);
  }
}
