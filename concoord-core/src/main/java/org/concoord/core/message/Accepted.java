package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Acceptor -> leader, phase 2 ok (PMMC p2b): the acceptor accepted the proposal of {@code ballot}
 * for {@code slot}. Sent only after the accepted pvalue is durable (fsync).
 */
public record Accepted(Ballot ballot, long slot) implements Message {
  public Accepted {
    Objects.requireNonNull(ballot, "ballot");
  }
}
