package org.concoord.client;

/**
 * A handle on an open watch (issue 21): the last slot it delivered, and {@link #cancel}. A watch
 * lives until cancelled, ended by the replicas, or its client closed; it survives reconnects and
 * leader changes (the client opens it again on another replica from its last slot).
 */
public interface Watch extends AutoCloseable {
  /** The slot of the last event delivered (the slot watched from, before any). */
  long lastSlot();

  /** Whether the watch still receives events. */
  boolean isActive();

  /** Ends the watch: nothing more is delivered. Idempotent. */
  void cancel();

  @Override
  default void close() {
    cancel();
  }
}
