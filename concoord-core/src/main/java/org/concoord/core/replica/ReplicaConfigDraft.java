package org.concoord.core.replica;

/**
 * A {@link ReplicaConfig}'s values, open to change, for its {@code with...} methods: each copies
 * the configuration, changes one value and builds a new one, which the record's constructor checks
 * as any other. Keeps the record's list of eighteen components in one place besides the record.
 *
 * <p>Not thread-safe.
 */
final class ReplicaConfigDraft {
  int heartbeatTicks;
  int electionTimeoutTicks;
  int resendTicks;
  int batchMax;
  int pendingMax;
  int catchUpBatchMax;
  int decisionRetentionSlots;
  long sessionExpiryTicks;
  int sessionsMax;
  int repliesPerSessionMax;
  long removeAfterTicks;
  long stateMaxBytes;
  int digestEverySlots;
  int snapshotChunkBytes;
  ReplicaBudgets budgets;
  int driftPermille;
  int leaseLagTicks;
  boolean readLease;

  ReplicaConfigDraft(ReplicaConfig config) {
    heartbeatTicks = config.heartbeatTicks();
    electionTimeoutTicks = config.electionTimeoutTicks();
    resendTicks = config.resendTicks();
    batchMax = config.batchMax();
    pendingMax = config.pendingMax();
    catchUpBatchMax = config.catchUpBatchMax();
    decisionRetentionSlots = config.decisionRetentionSlots();
    sessionExpiryTicks = config.sessionExpiryTicks();
    sessionsMax = config.sessionsMax();
    repliesPerSessionMax = config.repliesPerSessionMax();
    removeAfterTicks = config.removeAfterTicks();
    stateMaxBytes = config.stateMaxBytes();
    digestEverySlots = config.digestEverySlots();
    snapshotChunkBytes = config.snapshotChunkBytes();
    budgets = config.budgets();
    driftPermille = config.driftPermille();
    leaseLagTicks = config.leaseLagTicks();
    readLease = config.readLease();
  }

  /**
   * The configuration these values make.
   *
   * @throws IllegalArgumentException if they break one of {@link ReplicaConfig}'s rules
   */
  ReplicaConfig build() {
    return new ReplicaConfig(
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
        driftPermille,
        leaseLagTicks,
        readLease);
  }
}
