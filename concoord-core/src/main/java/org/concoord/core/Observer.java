package org.concoord.core;

import org.concoord.core.command.Batch;

/**
 * What a role reports to whoever watches it: the simulator's oracles, or metrics in the runtime.
 * Called synchronously inside the role's step; implementations must not call back into the role.
 */
public interface Observer {
  Observer NONE = new Observer() {};

  /** {@code node} learned that {@code batch} is chosen for {@code slot}. */
  default void onDecided(NodeId node, long slot, Batch batch) {}

  /** {@code node} executed {@code slot} (its executed log grew by one). */
  default void onExecuted(NodeId node, long slot, Batch batch) {}

  /**
   * {@code node} replaced its state by a snapshot of slots 1..{@code slot}, whose object state
   * took {@code objectBytes} and which carried {@code sessions} client sessions.
   */
  default void onRestored(NodeId node, long slot, int objectBytes, int sessions) {}

  /**
   * {@code node}'s state digest after {@code slot} differs from the one a majority of the view's
   * replicas reported: it stopped serving and recovers from a snapshot ({@code detail} says more).
   */
  default void onDiverged(NodeId node, long slot, String detail) {}

  /**
   * {@code node}, diverged, replaced its state by a majority replica's snapshot of slots
   * 1..{@code slot} (which may lie below what it had executed: it executes again from there).
   */
  default void onResynced(NodeId node, long slot) {}

  /** A rare path named {@code mark} was taken (coverage marks for the simulator). */
  default void mark(String mark) {}
}
