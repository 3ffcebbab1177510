package org.concoord.core.message;

import java.util.Arrays;
import java.util.Objects;
import org.concoord.core.NodeId;

/**
 * Replica -> client (the original's CLIENTREPLY): the outcome of request (clientId, seq). For
 * NOT_LEADER, {@code leaderHint} names the leader when known (else null). Sent only by a replica the
 * client talks to. No fsync.
 */
public record ClientReply(
    long clientId, long seq, Outcome outcome, byte[] payload, NodeId leaderHint)
    implements Message {
  public ClientReply {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientReply r
        && clientId == r.clientId
        && seq == r.seq
        && outcome == r.outcome
        && Arrays.equals(payload, r.payload)
        && Objects.equals(leaderHint, r.leaderHint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, seq, outcome, Arrays.hashCode(payload), leaderHint);
  }

  @Override
  public String toString() {
    return "ClientReply[" + clientId + "#" + seq + " " + outcome + " " + payload.length + "B"
        + (leaderHint == null ? "" : " leader=" + leaderHint) + "]";
  }
}
