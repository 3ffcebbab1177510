package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.message.Propose;

/** One slot in phase 2 (PMMC's commander): the pvalue proposed and who accepted it. */
final class InFlight {
  final PValue pvalue;

  /**
   * The one Propose of this slot, sent to every acceptor and resent as is: the runtime encodes a
   * message once for all its destinations (a 15 MiB batch is one frame in memory, not one per
   * acceptor and resend).
   */
  final Propose propose;

  final List<NodeId> acceptedBy = new ArrayList<>(5);

  /** Every Accepted counted, duplicates included: used only by the COUNT_DUPLICATE mutation. */
  int acceptedMessages;

  long sentTicks;

  /** When first sent: an Accepted answers this send or a later one (the lease counts from it). */
  final long firstSentTicks;

  /** Encoded bytes of the batch, counted against the leader's byte budget until decided. */
  long bytes;

  InFlight(PValue pvalue, long sentTicks) {
    this.pvalue = pvalue;
    this.propose = new Propose(pvalue);
    this.sentTicks = sentTicks;
    this.firstSentTicks = sentTicks;
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
