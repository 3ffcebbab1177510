package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.command.ClientCommand;

/**
 * Client -> replica (the original's CLIENTREQUEST): execute this call once. A retry carries the
 * same (clientId, seq), and gets the original reply. No fsync.
 */
public record ClientRequest(ClientCommand command) implements Message {
  public ClientRequest {
    Objects.requireNonNull(command, "command");
  }
}
