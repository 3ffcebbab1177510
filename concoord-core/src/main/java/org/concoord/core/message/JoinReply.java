package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;

/**
 * Replica -> joining node (the original's HELOREPLY). {@code accepted}: the addition is queued (or
 * done); {@code member}: the node is in the newest view already. A joining replica starts from
 * {@code genesis}, the view of slot 1, and catches up from there. Refused: {@code reason} says why
 * and {@code leaderHint} names the leader to ask instead, if known; {@code code} is the refusal's
 * {@link Reason}, what the joining node decides by ({@link Reason#UNSPECIFIED} when accepted). No
 * fsync.
 */
public record JoinReply(
    boolean accepted, boolean member, String reason, View genesis, NodeId leaderHint, Reason code)
    implements Message {
  /** Longest reason text accepted. */
  public static final int REASON_LENGTH_MAX = 1024;

  public JoinReply {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(code, "code");
    if (reason.length() > REASON_LENGTH_MAX) {
      reason = reason.substring(0, REASON_LENGTH_MAX);
    }
    if (accepted && genesis == null) {
      throw new IllegalArgumentException("an accepted join carries the genesis view");
    }
  }

  /** An accepted join (no reason code). */
  public JoinReply(
      boolean accepted, boolean member, String reason, View genesis, NodeId leaderHint) {
    this(accepted, member, reason, genesis, leaderHint, Reason.UNSPECIFIED);
  }

  public static JoinReply refused(Reason code, String reason, NodeId leaderHint) {
    return new JoinReply(false, false, reason, null, leaderHint, code);
  }
}
