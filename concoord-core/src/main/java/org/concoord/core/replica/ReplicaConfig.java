package org.concoord.core.replica;

import org.concoord.core.codec.WireFormat;

/**
 * Timing and bounds of a replica, in ticks and counts. The runtime maps ticks to wall time (one
 * tick = {@code tickMillis} there); the simulator steps them. Relations between the values are
 * checked here, once.
 *
 * @param heartbeatTicks how often an active leader sends {@code Heartbeat}
 * @param electionTimeoutTicks silence from the leader after which a replica campaigns; each wait is
 *     drawn from [timeout, 2 * timeout) so that competing candidates spread out
 * @param resendTicks how long a Prepare or Propose waits for replies before it is sent again
 * @param batchMax most commands the leader puts in one slot
 * @param pendingMax most client commands queued at the leader before it refuses more
 * @param catchUpBatchMax most decided slots in one {@code CatchUpReply}
 * @param decisionRetentionSlots how many executed slots a replica keeps to help others catch up;
 *     acceptors are told to forget pvalues below the same window ({@code Truncate})
 * @param sessionExpiryTicks replicated-clock ticks of client silence after which its session (and
 *     its cached replies, locks, parked calls) is dropped, until the client's keepalive names its
 *     own (10 s at the runtime's 10 ms ticks, the client library's default)
 * @param sessionsMax most client sessions in the reply cache; the least recently active goes first
 * @param repliesPerSessionMax most unacknowledged replies cached for one client
 * @param removeAfterTicks silence after which the active leader proposes removing a member
 *     (replica, acceptor or nameserver) from the view, one at a time and never the last replica or
 *     acceptor; 0 never removes. A silent replica also asks its peers what it missed before
 *     campaigning, so that one removed while away learns it instead of disturbing the instance.
 * @param stateMaxBytes the state quota: an object whose snapshot would grow beyond this many bytes
 *     refuses the call that grows it ({@code StateQuota}); 0 sets no quota
 * @param digestEverySlots replicas compare a digest of their state after every slot that is a
 *     multiple of this ({@code DigestCheck}); 0 never
 * @param snapshotChunkBytes most snapshot bytes in one {@code SnapshotChunk}
 * @param budgets the byte budgets ({@link ReplicaBudgets}); the counts above bound the same things
 *     by number
 * @param driftPermille the clock drift a read lease allows for ({@link LeaderLease}): every node's
 *     ticks run within this many per mille of real time; 50 (5 %) by default. The simulator runs
 *     wider
 * @param leaseLagTicks how far a node's tick count may lag real time without the node noticing (the
 *     runtime's catch-up bound, 5 ticks, plus one: {@code runtime.TickClock} keeps to the default
 *     whatever this says; 0 in the simulator, whose ticks do not lag): the read lease allows for it
 *     too
 * @param readLease whether the active leader holds a read lease and fences its successors ({@link
 *     LeaderLease}); on by default (off: {@code concoord replica --no-read-lease}, and a {@code
 *     LEASE} read takes a round). Give every replica the same: a replica without it does not fence,
 *     so it may write, once elected, while another's lease still holds. It was off while the
 *     runtime told a clock jump only before a tick (frames that waited through a pause came first:
 *     {@code runtime.TickClock})
 */
public record ReplicaConfig(
    int heartbeatTicks,
    int electionTimeoutTicks,
    int resendTicks,
    int batchMax,
    int pendingMax,
    int catchUpBatchMax,
    int decisionRetentionSlots,
    long sessionExpiryTicks,
    int sessionsMax,
    int repliesPerSessionMax,
    long removeAfterTicks,
    long stateMaxBytes,
    int digestEverySlots,
    int snapshotChunkBytes,
    ReplicaBudgets budgets,
    int driftPermille,
    int leaseLagTicks,
    boolean readLease) {
  /** The drift a read lease allows for by default (LeaderLease, docs/protocol.md). */
  public static final int DRIFT_PERMILLE_DEFAULT = 50;

  /** The tick lag a read lease allows for by default: the runtime's catch-up bound plus one. */
  public static final int LEASE_LAG_TICKS_DEFAULT = 6;

  /** A configuration with the default drift bound. */
  public ReplicaConfig(
      int heartbeatTicks,
      int electionTimeoutTicks,
      int resendTicks,
      int batchMax,
      int pendingMax,
      int catchUpBatchMax,
      int decisionRetentionSlots,
      long sessionExpiryTicks,
      int sessionsMax,
      int repliesPerSessionMax,
      long removeAfterTicks,
      long stateMaxBytes,
      int digestEverySlots,
      int snapshotChunkBytes,
      ReplicaBudgets budgets) {
    this(
        heartbeatTicks,
        electionTimeoutTicks,
        resendTicks,
        batchMax,
        pendingMax,
        catchUpBatchMax,
        decisionRetentionSlots,
        sessionExpiryTicks,
        sessionsMax,
        repliesPerSessionMax,
        removeAfterTicks,
        stateMaxBytes,
        digestEverySlots,
        snapshotChunkBytes,
        budgets,
        DRIFT_PERMILLE_DEFAULT,
        LEASE_LAG_TICKS_DEFAULT,
        true);
  }

  /** Slots between state digests by default. */
  public static final int DIGEST_EVERY_SLOTS_DEFAULT = 1_000;

  /** A configuration with no state quota, the default digest interval and 1 MiB chunks. */
  public ReplicaConfig(
      int heartbeatTicks,
      int electionTimeoutTicks,
      int resendTicks,
      int batchMax,
      int pendingMax,
      int catchUpBatchMax,
      int decisionRetentionSlots,
      long sessionExpiryTicks,
      int sessionsMax,
      int repliesPerSessionMax,
      long removeAfterTicks) {
    this(
        heartbeatTicks,
        electionTimeoutTicks,
        resendTicks,
        batchMax,
        pendingMax,
        catchUpBatchMax,
        decisionRetentionSlots,
        sessionExpiryTicks,
        sessionsMax,
        repliesPerSessionMax,
        removeAfterTicks,
        0,
        DIGEST_EVERY_SLOTS_DEFAULT,
        WireFormat.SNAPSHOT_CHUNK_BYTES_MAX);
  }

  /** A configuration that never removes silent members. */
  public ReplicaConfig(
      int heartbeatTicks,
      int electionTimeoutTicks,
      int resendTicks,
      int batchMax,
      int pendingMax,
      int catchUpBatchMax,
      int decisionRetentionSlots,
      long sessionExpiryTicks,
      int sessionsMax,
      int repliesPerSessionMax) {
    this(
        heartbeatTicks,
        electionTimeoutTicks,
        resendTicks,
        batchMax,
        pendingMax,
        catchUpBatchMax,
        decisionRetentionSlots,
        sessionExpiryTicks,
        sessionsMax,
        repliesPerSessionMax,
        0);
  }

  /** A configuration with the default byte budgets ({@link ReplicaBudgets}). */
  public ReplicaConfig(
      int heartbeatTicks,
      int electionTimeoutTicks,
      int resendTicks,
      int batchMax,
      int pendingMax,
      int catchUpBatchMax,
      int decisionRetentionSlots,
      long sessionExpiryTicks,
      int sessionsMax,
      int repliesPerSessionMax,
      long removeAfterTicks,
      long stateMaxBytes,
      int digestEverySlots,
      int snapshotChunkBytes) {
    this(
        heartbeatTicks,
        electionTimeoutTicks,
        resendTicks,
        batchMax,
        pendingMax,
        catchUpBatchMax,
        decisionRetentionSlots,
        sessionExpiryTicks,
        sessionsMax,
        repliesPerSessionMax,
        removeAfterTicks,
        stateMaxBytes,
        digestEverySlots,
        snapshotChunkBytes,
        ReplicaBudgets.defaults());
  }

  public ReplicaConfig {
    java.util.Objects.requireNonNull(budgets, "budgets");
    positive("heartbeatTicks", heartbeatTicks);
    positive("electionTimeoutTicks", electionTimeoutTicks);
    positive("resendTicks", resendTicks);
    positive("batchMax", batchMax);
    positive("pendingMax", pendingMax);
    positive("catchUpBatchMax", catchUpBatchMax);
    positive("decisionRetentionSlots", decisionRetentionSlots);
    positive("sessionsMax", sessionsMax);
    positive("repliesPerSessionMax", repliesPerSessionMax);
    if (sessionExpiryTicks < 1) {
      throw new IllegalArgumentException("sessionExpiryTicks must be >= 1");
    }
    if (electionTimeoutTicks <= 2 * heartbeatTicks) {
      throw new IllegalArgumentException(
          "electionTimeoutTicks must exceed two heartbeats, or a live leader looks dead");
    }
    if (removeAfterTicks != 0 && removeAfterTicks <= 2L * electionTimeoutTicks) {
      throw new IllegalArgumentException(
          "removeAfterTicks must be 0 (never) or exceed two election timeouts");
    }
    if (stateMaxBytes < 0 || digestEverySlots < 0) {
      throw new IllegalArgumentException("stateMaxBytes and digestEverySlots must be >= 0");
    }
    if (snapshotChunkBytes < 1 || snapshotChunkBytes > WireFormat.SNAPSHOT_CHUNK_BYTES_MAX) {
      throw new IllegalArgumentException(
          "snapshotChunkBytes must be in [1, "
              + WireFormat.SNAPSHOT_CHUNK_BYTES_MAX
              + "]: "
              + snapshotChunkBytes);
    }
    if (leaseLagTicks < 0) {
      throw new IllegalArgumentException("leaseLagTicks must be >= 0: " + leaseLagTicks);
    }
    if (driftPermille < 0 || driftPermille >= 500) {
      throw new IllegalArgumentException("driftPermille must be in [0, 500): " + driftPermille);
    }
    if (sessionExpiryTicks <= electionTimeoutTicks) {
      throw new IllegalArgumentException(
          "sessionExpiryTicks must exceed electionTimeoutTicks, or failover expires sessions");
    }
  }

  /** Defaults for the runtime, where one tick is 10 ms. */
  public static ReplicaConfig defaults() {
    return new ReplicaConfig(5, 30, 20, 2048, 100_000, 512, 10_000, 1_000, 100_000, 4096, 1_000);
  }

  /** This configuration retaining {@code slots} executed slots for catch-up. */
  public ReplicaConfig withDecisionRetentionSlots(int slots) {
    return edit(draft -> draft.decisionRetentionSlots = slots);
  }

  /** This configuration with {@code ticks} of silence before removal (0: never). */
  public ReplicaConfig withRemoveAfterTicks(long ticks) {
    return edit(draft -> draft.removeAfterTicks = ticks);
  }

  /** This configuration with a state quota of {@code bytes} (0: none). */
  public ReplicaConfig withStateMaxBytes(long bytes) {
    return edit(draft -> draft.stateMaxBytes = bytes);
  }

  /** This configuration comparing state digests every {@code slots} slots (0: never). */
  public ReplicaConfig withDigestEverySlots(int slots) {
    return edit(draft -> draft.digestEverySlots = slots);
  }

  /** This configuration sending snapshots in chunks of at most {@code bytes}. */
  public ReplicaConfig withSnapshotChunkBytes(int bytes) {
    return edit(draft -> draft.snapshotChunkBytes = bytes);
  }

  /** This configuration with other byte budgets (the runtime's, from its heap). */
  public ReplicaConfig withBudgets(ReplicaBudgets other) {
    return edit(draft -> draft.budgets = other);
  }

  /** This configuration with an election timeout of {@code ticks}. */
  public ReplicaConfig withElectionTimeoutTicks(int ticks) {
    return edit(draft -> draft.electionTimeoutTicks = ticks);
  }

  /** This configuration allowing for {@code permille} of clock drift in its read lease. */
  public ReplicaConfig withDriftPermille(int permille) {
    return edit(draft -> draft.driftPermille = permille);
  }

  /** This configuration allowing for {@code ticks} of tick lag in its read lease. */
  public ReplicaConfig withLeaseLagTicks(int ticks) {
    return edit(draft -> draft.leaseLagTicks = ticks);
  }

  /** This configuration with the read lease on or off ({@link LeaderLease}). */
  public ReplicaConfig withReadLease(boolean on) {
    return edit(draft -> draft.readLease = on);
  }

  /** This configuration with one value changed by {@code change}, checked anew. */
  private ReplicaConfig edit(java.util.function.Consumer<ReplicaConfigDraft> change) {
    ReplicaConfigDraft draft = new ReplicaConfigDraft(this);
    change.accept(draft);
    return draft.build();
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
  }
}
