package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Replica, acceptor or nameserver -> the leader whose {@link Heartbeat} it received: "I am here,
 * and have executed up to {@code slotExecutedMax}" (0 for an acceptor). The leader's failure
 * detector counts silence from these (and from any other message); a member silent for longer than
 * the configured time is removed from the view. No fsync.
 */
public record Alive(Ballot ballot, long slotExecutedMax) implements Message {
  public Alive {
    Objects.requireNonNull(ballot, "ballot");
  }
}
