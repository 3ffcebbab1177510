package org.concoord.core.message;

/**
 * Lagging replica -> a replica ahead of it: send the decisions from {@code fromSlot} on. No fsync.
 */
public record CatchUpRequest(long fromSlot) implements Message {
  public CatchUpRequest {
    if (fromSlot < 1) {
      throw new IllegalArgumentException("fromSlot must be >= 1: " + fromSlot);
    }
  }
}
