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
  /**
   * A new leader stamps batches from its own ticks when they are ahead of the replicated clock (the
   * offset is never negative), so a failover makes the clock jump.
   */
  CLOCK_FROM_OWN_TICKS,
  /**
   * A removed replica may lead from outside the view, as before issue 14: it counts silence from
   * its start (so a restart campaigns without probing first), keeps leading after executing its own
   * removal, members follow its heartbeats, and a joiner is hinted at the leader even if that is
   * itself.
   */
  LEAD_FROM_OUTSIDE_VIEW,
  /**
   * The probe-before-campaign as it was: owed only after a long silence. A replica that learns of a
   * newer ballot from a preemption, not from that ballot's leader, campaigns above it at its next
   * timeout: one removed from the view while cut off or down keeps deposing the members' leaders
   * (with the read lease, each one while it is still fenced, so nothing is decided).
   */
  PROBE_ONLY_AFTER_LONG_SILENCE,
  /** The replica's door guard lets every message through, whoever claims to send it. */
  TRUST_ANY_SENDER,
  /** The acceptor's door guard lets every message through, whoever claims to send it. */
  ACCEPTOR_TRUSTS_ANY_SENDER,
  /**
   * Replica r0 answers every fourth call of a client without running it: its state silently drifts
   * from the others', which only the state digests see at once.
   */
  DIVERGE_ONE_REPLICA,
  /** The leader answers a read once its round is confirmed, before executing its read index. */
  READ_BEFORE_EXECUTED,
  /** The leader answers a read without a confirming round: a deposed leader may answer stale. */
  READ_WITHOUT_CONFIRM,
  /**
   * A new leader does not wait out its predecessor's lease: the deposed leader answers lease reads
   * that miss writes the new leader already completed.
   */
  LEASE_WITHOUT_FENCE,
  /**
   * A new leader's fence outlasts its predecessor's lease in ticks, not in real time: no margin for
   * clock drift, so a slow old leader's lease outlives a fast new leader's fence by a few ticks, in
   * which the old leader answers lease reads that miss the new leader's writes.
   */
  LEASE_WITHOUT_DRIFT_MARGIN,
  /**
   * A replica answers a sequential read whatever slot the client saw: a client moving to a replica
   * behind goes back in time.
   */
  SEQUENTIAL_IGNORES_SLOT_SEEN,
  /**
   * Once a replica has seen the leader change, it stops pushing watch values (it still tracks
   * them): its watchers miss every later change, the last one included (issue 21).
   */
  WATCH_DROPS_AFTER_LEADER_CHANGE,
  /**
   * The client session ({@code session.ClientSession}) resends a call under a new seq: the reply
   * cache cannot know it is the same call, which may run twice.
   */
  CLIENT_RESEND_NEW_SEQ,
  /**
   * The client session acknowledges every reply below the request's own seq, not below its lowest
   * outstanding call: the replicas forget (or never run) a call it still waits for.
   */
  CLIENT_ACKS_PAST_OUTSTANDING,
  /**
   * The client session takes its session as confirmed before any reply proves it (from the start,
   * and after an expiry): a new session's requests acknowledge replies the replicas never held, and
   * are refused as expired, again and again.
   */
  CLIENT_CONFIRMS_EARLY,
  /**
   * The client session sends the reads it spreads to other replicas with slot seen 0: a replica
   * behind what the client already saw answers them, and the client goes back in time.
   */
  CLIENT_SPREAD_WITHOUT_SLOT_SEEN
}
