package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * Node -> operator tool: what this node knows. For a replica: the ballot it leads or follows, the
 * leader it believes in (null if none), its highest executed slot and its newest view; an acceptor
 * reports its promised ballot, the number of slots it holds and no view. No fsync.
 */
public record StatusReply(
    NodeId node,
    Role role,
    boolean leading,
    Ballot ballot,
    NodeId leader,
    long slotExecutedMax,
    View view)
    implements Message {
  public StatusReply {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(ballot, "ballot");
  }
}
