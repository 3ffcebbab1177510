package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.message.Propose;
import org.concoord.core.view.View;

/**
 * Issue 20's read lease, checked as it is used rather than through a stale answer a client happens
 * to see: the invariant the fence protects (docs/protocol.md, "Lease reads"). A leader of ballot
 * {@code b} that takes a read under its lease at simulated tick {@code T}, with index {@code i},
 * the lease holding for views {@code V}, claims that no leader of a higher ballot proposed before
 * {@code T} a slot above {@code i}, nor a slot of a view whose acceptors are one of {@code V}'s:
 * that leader had promises from a majority of the view, which shares an acceptor with the majority
 * the lease rests on, which promised after answering the lease's message; its fence started then
 * and ends after the lease in real time.
 *
 * <p>A {@code Propose} breaking that claim is a violation whether or not a client was there to read
 * the value it carried: a fence short of its drift margin shows whenever it ends before the old
 * lease, not only when a write completes and a read arrives in the few ticks between
 * (LEASE_WITHOUT_DRIFT_MARGIN was caught so only by chance). A slot at or below {@code i} of
 * another view is left out (a leader elected by an older view's acceptors may propose again what
 * phase 1 found there, with the lease's view unprepared), and so are sends on the tick of the read:
 * the fence's margin is counted in whole ticks. A proposal's view is the set of acceptors its first
 * sends went to (the leader broadcasts it to the acceptors of the slot's view).
 */
final class LeaseOracle {
  /** The first sends of one slot's proposal under one ballot. */
  private static final class Proposal {
    final long tick;
    final Set<NodeId> targets = new TreeSet<>();

    Proposal(long tick) {
      this.tick = tick;
    }
  }

  /** By ballot, by slot. */
  private final NavigableMap<Ballot, NavigableMap<Long, Proposal>> proposed = new TreeMap<>();

  /** A replica sent {@code propose} to {@code target} at tick {@code now}. */
  void proposed(Propose propose, NodeId target, long now) {
    Proposal first =
        proposed
            .computeIfAbsent(propose.pvalue().ballot(), b -> new TreeMap<>())
            .computeIfAbsent(propose.pvalue().slot(), slot -> new Proposal(now));
    if (first.tick == now) {
      first.targets.add(target);
    }
  }

  /**
   * {@code node}, leading under {@code ballot}, took a read under its lease at tick {@code now}
   * with index {@code index}, the lease holding for {@code views}; the violation found, or null.
   */
  String leaseRead(NodeId node, Ballot ballot, long index, Set<View> views, long now) {
    List<Set<NodeId>> leased = new ArrayList<>();
    views.forEach(view -> leased.add(view.acceptors()));
    for (Map.Entry<Ballot, NavigableMap<Long, Proposal>> higher :
        proposed.tailMap(ballot, false).entrySet()) {
      for (Map.Entry<Long, Proposal> slot : higher.getValue().entrySet()) {
        Proposal first = slot.getValue();
        if (first.tick < now && (slot.getKey() > index || leased.contains(first.targets))) {
          return node
              + " took a lease read under "
              + ballot
              + " at tick "
              + now
              + " (index "
              + index
              + ", acceptors "
              + leased
              + ") after slot "
              + slot.getKey()
              + " was proposed under "
              + higher.getKey()
              + " at tick "
              + first.tick
              + " to "
              + first.targets
              + ": the new leader's fence ended before the lease";
        }
      }
    }
    return null;
  }
}
