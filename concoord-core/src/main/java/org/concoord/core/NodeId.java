package org.concoord.core;

import java.util.Objects;

/**
 * A node's identity: its advertised address {@code host:port}. Ordered by the text, so that every
 * node sorts a view the same way (deterministic iteration).
 */
public record NodeId(String address) implements Comparable<NodeId> {
  /** Longest address accepted; bounds what a peer can make us store. */
  public static final int ADDRESS_LENGTH_MAX = 255;

  public NodeId {
    Objects.requireNonNull(address, "address");
    if (address.isEmpty() || address.length() > ADDRESS_LENGTH_MAX) {
      throw new IllegalArgumentException("node address must be 1.." + ADDRESS_LENGTH_MAX + " chars");
    }
  }

  public static NodeId of(String address) {
    return new NodeId(address);
  }

  @Override
  public int compareTo(NodeId other) {
    return address.compareTo(other.address);
  }

  @Override
  public String toString() {
    return address;
  }
}
