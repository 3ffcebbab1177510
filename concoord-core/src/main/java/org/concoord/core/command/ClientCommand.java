package org.concoord.core.command;

import java.util.Objects;

/**
 * A client's call, identified by (clientId, seq) for exactly-once execution. {@code ackedBelow}
 * is the client's promise that it holds the replies of every seq below it, so the reply cache may
 * forget them.
 */
public record ClientCommand(long clientId, long seq, long ackedBelow, Call call)
    implements Command {
  public ClientCommand {
    Objects.requireNonNull(call, "call");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1: " + seq);
    }
    if (ackedBelow < 0 || ackedBelow > seq) {
      throw new IllegalArgumentException("ackedBelow must be in 0.." + seq + ": " + ackedBelow);
    }
  }
}
