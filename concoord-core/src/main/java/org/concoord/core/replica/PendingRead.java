package org.concoord.core.replica;

import org.concoord.core.command.ClientCommand;

/** A read waiting at {@link ReadIndex} for its round or its index. Not thread-safe. */
final class PendingRead {
  final ClientCommand command;
  long round;
  long index;

  /** Taken under the lease ({@link LeaderLease}): it needs no round while the lease holds. */
  boolean lease;

  /**
   * A lease read whose views are not known yet: taken before this replica executed its index (a
   * leader recovering the log), when the views governing the slots after it may still be decided in
   * the slots before it. Checked again once the index is executed.
   */
  boolean leaseUnchecked;

  PendingRead(ClientCommand command, long index, long round) {
    this.command = command;
    this.index = index;
    this.round = round;
  }
}
