package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.NodeId;

/**
 * Node -> node, the first frame on every peer connection: who is speaking, so the receiver can pass
 * {@code from} to its role. A connection whose first frame is a {@link ClientRequest} is a
 * client's. No fsync.
 */
public record Hello(NodeId node) implements Message {
  public Hello {
    Objects.requireNonNull(node, "node");
  }
}
