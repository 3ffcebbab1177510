package org.concoord.core;

import java.util.Collection;
import org.concoord.core.command.Batch;
import org.concoord.core.view.View;

/**
 * The protocol's invariants, checked where the state changes, in production as in tests (issue 15):
 * the simulator's oracle sees a broken invariant only in the runs it draws, and only from outside.
 * Peers' and clients' input is checked at the door ({@code ReplicaSenders}, {@code
 * AcceptorSenders}, the decoder), so a violation here is a bug in ConCoord, never someone else's
 * doing: the role throws {@link Violation}, and the node stops (exit non-zero) rather than go on
 * with a state that breaks consensus. Each check is a comparison or two, on paths that run once per
 * message at most.
 *
 * <p>A deliberate bug ({@link Mutation}) that breaks one of these rules on purpose is not checked
 * here: the mutations check the simulator's oracles, which must catch the consequence themselves.
 */
public final class Invariants {
  /** A broken protocol invariant: the node must stop. */
  public static final class Violation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
      super("invariant violated: " + message);
    }
  }

  private Invariants() {}

  /** An acceptor's promise never goes down (Paxos's P1: what it promised it keeps). */
  public static void promiseNeverDecreases(NodeId acceptor, Ballot before, Ballot after) {
    if (after.isBelow(before)) {
      throw new Violation(acceptor + " lowered its promise from " + before + " to " + after);
    }
  }

  /** An acceptor accepts only at or above its promise. */
  public static void acceptsAtOrAbovePromise(NodeId acceptor, Ballot promised, Ballot accepted) {
    if (accepted.isBelow(promised)) {
      throw new Violation(acceptor + " accepted " + accepted + " below its promise " + promised);
    }
  }

  /** A leader's ballots only rise: a new campaign is above everything it led before. */
  public static void ballotRises(NodeId leader, Ballot before, Ballot after) {
    if (!after.isAbove(before)) {
      throw new Violation(leader + " campaigned with " + after + ", not above its " + before);
    }
  }

  /**
   * A slot is proposed only within the window after the executed ones, so the view that governs it
   * is known when it is proposed.
   */
  public static void proposedWithinWindow(NodeId leader, long slot, long slotExecutedMax) {
    if (slot > slotExecutedMax + View.WINDOW || slot <= 0) {
      throw new Violation(
          leader
              + " proposed slot "
              + slot
              + " with "
              + slotExecutedMax
              + " executed (window "
              + View.WINDOW
              + ")");
    }
  }

  /** A value is decided by a majority of the acceptors of the view that governs its slot. */
  public static void quorumInsideView(
      NodeId leader, long slot, View governing, Collection<NodeId> voters) {
    if (!governing.isQuorum(voters)) {
      throw new Violation(
          leader
              + " decided slot "
              + slot
              + " with "
              + voters
              + ", not a majority of "
              + governing.acceptors());
    }
  }

  /** A slot is decided once: a second, different value is the end of consensus. */
  public static void decidedOnce(NodeId replica, long slot, Batch first, Batch second) {
    if (first != null) {
      throw new Violation(
          "safety violated at "
              + replica
              + ": slot "
              + slot
              + " decided as "
              + first
              + " and as "
              + second);
    }
  }
}
