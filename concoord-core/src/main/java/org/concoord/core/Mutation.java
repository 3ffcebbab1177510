package org.concoord.core;

/**
 * Deliberate protocol bugs, switched on only by the simulator's checks on its own oracles: each one
 * must be caught within a bounded number of seeds, or the oracles are too weak. Production code
 * never enables them; roles take an empty set by default.
 */
public enum Mutation {
  /** The acceptor accepts a proposal even when its ballot is below the promised one. */
  ACCEPT_BELOW_PROMISE,
  /** The replica executes each decision as it arrives instead of in slot order. */
  EXECUTE_OUT_OF_ORDER,
  /** The leader ignores the pvalues reported in phase 1 and proposes its own commands. */
  SKIP_RECOVERY,
  /** The leader counts every Accepted message, duplicates included, toward the quorum. */
  COUNT_DUPLICATE_ACCEPTS,
  /** The replica's door guard lets every message through, whoever claims to send it. */
  TRUST_ANY_SENDER,
  /** The acceptor's door guard lets every message through, whoever claims to send it. */
  ACCEPTOR_TRUSTS_ANY_SENDER,
  /**
   * Replica r0 answers every fourth call of a client without running it: its state silently
   * drifts from the others', which only the state digests see at once.
   */
  DIVERGE_ONE_REPLICA
}
