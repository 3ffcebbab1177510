package org.concoord.core.message;

import java.util.List;
import java.util.Objects;
import org.concoord.core.Ballot;
import org.concoord.core.PValue;

/**
 * Acceptor -> leader, phase 1 ok (PMMC p1b): the acceptor promised {@code ballot} and reports every
 * pvalue it accepted in slots {@code >= fromSlot}. Sent only after the promise is durable (fsync).
 */
public record Promise(Ballot ballot, long fromSlot, List<PValue> accepted) implements Message {
  public Promise {
    Objects.requireNonNull(ballot, "ballot");
    accepted = List.copyOf(accepted);
  }
}
