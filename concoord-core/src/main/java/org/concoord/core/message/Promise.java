package org.concoord.core.message;

import java.util.List;
import java.util.Objects;
import org.concoord.core.Ballot;
import org.concoord.core.PValue;

/**
 * Acceptor -> leader, phase 1 ok (PMMC p1b): the acceptor promised {@code ballot} and reports every
 * pvalue it accepted in slots {@code >= fromSlot}. Sent only after the promise is durable (fsync).
 * Many large pvalues are reported in several parts, in slot order, each within a frame: every part
 * but the last has {@code more} set, and the leader counts the acceptor only at the last.
 */
public record Promise(Ballot ballot, long fromSlot, List<PValue> accepted, boolean more)
    implements Message {
  public Promise {
    Objects.requireNonNull(ballot, "ballot");
    accepted = List.copyOf(accepted);
  }

  /** A promise reported whole, in one message. */
  public Promise(Ballot ballot, long fromSlot, List<PValue> accepted) {
    this(ballot, fromSlot, accepted, false);
  }
}
