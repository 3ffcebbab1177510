package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * Node -> operator tool: what this node knows. For a replica: the ballot it leads or follows, the
 * leader it believes in (null if none), its highest executed slot and its newest view; an acceptor
 * reports its promised ballot, the number of slots it holds and no view. A replica also reports its
 * object's state size as the state quota last measured it ({@code stateBytes}, 0 if unmeasured) and
 * what an operator must know ({@code notice}: a divergence, the quota reached), or null. No fsync.
 */
public record StatusReply(
    NodeId node,
    Role role,
    boolean leading,
    Ballot ballot,
    NodeId leader,
    long slotExecutedMax,
    View view,
    long stateBytes,
    String notice)
    implements Message {
  /** Longest notice, in chars; a longer one is cut. */
  public static final int NOTICE_LENGTH_MAX = 1024;

  public StatusReply {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(ballot, "ballot");
    if (stateBytes < 0) {
      throw new IllegalArgumentException("stateBytes must be >= 0: " + stateBytes);
    }
    if (notice != null && notice.length() > NOTICE_LENGTH_MAX) {
      notice = notice.substring(0, NOTICE_LENGTH_MAX);
    }
  }

  /** A status with no state size and nothing to notice (acceptors, nameservers). */
  public StatusReply(
      NodeId node,
      Role role,
      boolean leading,
      Ballot ballot,
      NodeId leader,
      long slotExecutedMax,
      View view) {
    this(node, role, leading, ballot, leader, slotExecutedMax, view, 0, null);
  }
}
