package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;

/** One slot in phase 2 (PMMC's commander): the pvalue proposed and who accepted it. */
final class InFlight {
  final PValue pvalue;
  final List<NodeId> acceptedBy = new ArrayList<>(5);
  /** Every Accepted counted, duplicates included: used only by the COUNT_DUPLICATE mutation. */
  int acceptedMessages;
  long sentTicks;
  /** Encoded bytes of the batch, counted against the leader's byte budget until decided. */
  long bytes;

  InFlight(PValue pvalue, long sentTicks) {
    this.pvalue = pvalue;
    this.sentTicks = sentTicks;
  }

  /** Records an Accepted from {@code acceptor}; false if it had already been counted. */
  boolean accept(NodeId acceptor) {
    acceptedMessages++;
    if (acceptedBy.contains(acceptor)) {
      return false;
    }
    acceptedBy.add(acceptor);
    return true;
  }
}
