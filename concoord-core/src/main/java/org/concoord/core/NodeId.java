package org.concoord.core;

import java.util.Objects;

/**
 * A node's identity: its advertised address {@code host:port}, or {@code host:port/clientPort} for
 * a node that serves clients on a port of their own (peers dial {@code host:port}, clients {@code
 * host:clientPort}; docs/protocol.md, "Connecting"). The whole text is the identity, in the view
 * and in the node's certificate alike. Ordered by the text, so that every node sorts a view the
 * same way (deterministic iteration).
 */
public record NodeId(String address) implements Comparable<NodeId> {
  /** Longest address accepted; bounds what a peer can make us store. */
  public static final int ADDRESS_LENGTH_MAX = 255;

  public NodeId {
    Objects.requireNonNull(address, "address");
    if (address.isEmpty() || address.length() > ADDRESS_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "node address must be 1.." + ADDRESS_LENGTH_MAX + " chars");
    }
  }

  public static NodeId of(String address) {
    return new NodeId(address);
  }

  /** The address peers dial: {@code host:port}, without a client port. */
  public String peerAddress() {
    int slash = clientPortSlash();
    return slash < 0 ? address : address.substring(0, slash);
  }

  /**
   * The address clients dial: {@code host:clientPort} for a node with a client port of its own,
   * else the one address it serves everyone on.
   */
  public String clientAddress() {
    int slash = clientPortSlash();
    if (slash < 0) {
      return address;
    }
    int colon = address.lastIndexOf(':', slash);
    return address.substring(0, colon + 1) + address.substring(slash + 1);
  }

  /** The index of the '/' before a client port (digits after {@code host:port}), or -1. */
  private int clientPortSlash() {
    int slash = address.lastIndexOf('/');
    if (slash < 0 || slash == address.length() - 1 || address.lastIndexOf(':', slash) < 0) {
      return -1;
    }
    for (int i = slash + 1; i < address.length(); i++) {
      if (address.charAt(i) < '0' || address.charAt(i) > '9') {
        return -1;
      }
    }
    return slash;
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
