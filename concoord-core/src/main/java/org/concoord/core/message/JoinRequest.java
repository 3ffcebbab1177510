package org.concoord.core.message;

import java.util.Arrays;
import java.util.Objects;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;

/**
 * Joining node -> a replica of the instance (the original's HELO): add {@code node} as {@code
 * role}. A replica sends the fingerprint of its object code, which must match the instance's; other
 * roles send none. Sent again until the reply says the node is a member. No fsync.
 */
public record JoinRequest(NodeId node, Role role, byte[] fingerprint) implements Message {
  /** Longest fingerprint accepted (a SHA-256 is 32 bytes). */
  public static final int FINGERPRINT_LENGTH_MAX = 64;

  public JoinRequest {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (fingerprint.length > FINGERPRINT_LENGTH_MAX) {
      throw new IllegalArgumentException("fingerprint longer than " + FINGERPRINT_LENGTH_MAX);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinRequest j
        && node.equals(j.node)
        && role == j.role
        && Arrays.equals(fingerprint, j.fingerprint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(node, role, Arrays.hashCode(fingerprint));
  }

  @Override
  public String toString() {
    return "JoinRequest[" + node + " as " + role + "]";
  }
}
