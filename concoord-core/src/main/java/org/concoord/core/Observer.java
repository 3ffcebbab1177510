package org.concoord.core;

import java.util.Set;
import org.concoord.core.command.Batch;
import org.concoord.core.view.View;

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
   * {@code node} replaced its state by a snapshot of slots 1..{@code slot}, whose object state took
   * {@code objectBytes} and which carried {@code sessions} client sessions.
   */
  default void onRestored(NodeId node, long slot, int objectBytes, int sessions) {}

  /**
   * {@code node}'s state digest after {@code slot} differs from the one a majority of the view's
   * replicas reported: it stopped serving and recovers from a snapshot ({@code detail} says more).
   */
  default void onDiverged(NodeId node, long slot, String detail) {}

  /**
   * {@code node}, diverged, replaced its state by a majority replica's snapshot of slots 1..{@code
   * slot} (which may lie below what it had executed: it executes again from there).
   */
  default void onResynced(NodeId node, long slot) {}

  /**
   * {@code node}, the active leader of {@code ballot}, took a read under its read lease (no round)
   * whose index is {@code index}, the lease holding for each of {@code views}: it vouches that no
   * higher ballot proposed, before now, a slot above the index or a slot of one of these views
   * (such a leader's promises intersect the lease's answers, so its fence outlasts the lease:
   * docs/protocol.md, "Lease reads").
   */
  default void onLeaseRead(NodeId node, Ballot ballot, long index, Set<View> views) {}

  /**
   * {@code node}, the active leader, queued {@code change} for a node that asked to join (its
   * {@code JoinDesk}): the one way a node enters a view, which the simulator's oracle checks every
   * decided addition against.
   */
  default void onJoinQueued(NodeId node, org.concoord.core.command.Reconfigure change) {}

  /** A rare path named {@code mark} was taken (coverage marks for the simulator). */
  default void mark(String mark) {}
}
