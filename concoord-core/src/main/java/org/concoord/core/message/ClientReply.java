package org.concoord.core.message;

import java.util.Arrays;
import java.util.Objects;
import org.concoord.core.NodeId;

/**
 * Replica -> client (the original's CLIENTREPLY): the outcome of request (clientId, seq). For
 * NOT_LEADER, {@code leaderHint} names the leader when known (else null). Sent only by a replica
 * the client talks to. No fsync.
 *
 * <p>{@code slot} (issue 20): the slot whose state the answer reflects (the slot a call executed
 * in, or the replica's last executed slot for a read without a slot), 0 when none (a refusal, an
 * older replica). A client keeps the highest it saw and sends it with its sequential reads. On the
 * wire only when above 0, after the hint, so a reply without it is the older frame byte for byte.
 */
public record ClientReply(
    long clientId, long seq, Outcome outcome, byte[] payload, NodeId leaderHint, long slot)
    implements Message {
  public ClientReply {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(payload, "payload");
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0: " + slot);
    }
  }

  /** A reply that reflects no slot. */
  public ClientReply(long clientId, long seq, Outcome outcome, byte[] payload, NodeId leaderHint) {
    this(clientId, seq, outcome, payload, leaderHint, 0);
  }

  /** This reply as reflecting the state of {@code slot}. */
  public ClientReply atSlot(long slot) {
    return new ClientReply(clientId, seq, outcome, payload, leaderHint, slot);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientReply r
        && clientId == r.clientId
        && seq == r.seq
        && outcome == r.outcome
        && Arrays.equals(payload, r.payload)
        && Objects.equals(leaderHint, r.leaderHint)
        && slot == r.slot;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, seq, outcome, Arrays.hashCode(payload), leaderHint, slot);
  }

  @Override
  public String toString() {
    return "ClientReply["
        + clientId
        + "#"
        + seq
        + " "
        + outcome
        + " "
        + payload.length
        + "B"
        + (leaderHint == null ? "" : " leader=" + leaderHint)
        + (slot == 0 ? "" : " @" + slot)
        + "]";
  }
}
