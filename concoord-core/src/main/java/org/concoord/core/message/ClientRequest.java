package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;

/**
 * Client -> replica (the original's CLIENTREQUEST): execute this call once. A retry carries the
 * same (clientId, seq), and gets the original reply. No fsync.
 *
 * <p>{@code read} says how a read-only call may be answered (ignored for any other call), and
 * {@code slotSeen} is the highest slot of any reply this client got: a replica answering a {@link
 * ReadMode.Kind#SEQUENTIAL} read must have executed it; -1 when the request carries no read options
 * (a client of before issue 20: its frame is the older one byte for byte, and its replies carry no
 * slot, which it could not read). A client of issue 20 always sends them.
 */
public record ClientRequest(ClientCommand command, ReadMode read, long slotSeen)
    implements Message {
  public ClientRequest {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(read, "read");
    if (slotSeen < -1 || slotSeen == -1 && !read.equals(ReadMode.LINEARIZABLE)) {
      throw new IllegalArgumentException(
          "slotSeen must be >= 0 with read options, -1 without: " + slotSeen + " (" + read + ")");
    }
  }

  /** A request without read options: linearizable, as a client of before issue 20 sends it. */
  public ClientRequest(ClientCommand command) {
    this(command, ReadMode.LINEARIZABLE, -1);
  }

  /** Whether the read mode and slot travel on the wire (and replies may carry slots). */
  public boolean hasReadOptions() {
    return slotSeen >= 0;
  }
}
