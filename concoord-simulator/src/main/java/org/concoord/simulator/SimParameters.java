package org.concoord.simulator;

import java.util.SplittableRandom;
import org.concoord.core.replica.ReplicaBudgets;
import org.concoord.core.replica.ReplicaConfig;

/**
 * Everything a seed draws before the run starts: topology, fault rates, timeouts, batch sizes.
 * Printed in the one-line summary so a failing seed's setting is visible without rerunning it.
 */
public record SimParameters(
    int replicas,
    int acceptors,
    int clients,
    double dropRate,
    double duplicateRate,
    int delayTicksMax,
    double crashRatePerTick,
    double partitionRatePerTick,
    double reconfigureRatePerTick,
    int syncTicksMax,
    int activeTicks,
    int livenessTicks,
    int clientTimeoutTicks,
    ReplicaConfig replicaConfig,
    Workload workload,
    FaultPlan faults) {

  /** The replicated object a seed runs. */
  public enum Workload {
    /** {@link SimWorkload}: a counter and an append-only list. */
    COUNTER,
    /** {@link SimCoordination}: a lock, a semaphore and a barrier, whose calls block. */
    COORDINATION
  }

  /** One seed in this many runs the coordination workload. */
  static final int COORDINATION_ONE_IN = 3;

  /** The clock drift the simulated nodes have, and their read lease allows for. */
  static final int SIM_DRIFT_PERMILLE = 50;

  public static SimParameters draw(long seed) {
    return draw(seed, null);
  }

  /**
   * The seed's parameters, with its workload forced unless {@code forced} is null. The workload is
   * drawn last, so a seed's other parameters (and a counter seed's whole run) are what they were
   * before the coordination workload existed: regression seeds found then still replay exactly.
   */
  static SimParameters draw(long seed, Workload forced) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    ReplicaConfig config = drawFirstConfig(r);
    int replicas = 1 + r.nextInt(5);
    int acceptors = 1 + r.nextInt(5);
    int clients = 1 + r.nextInt(4);
    double dropRate = r.nextDouble() * 0.08;
    double duplicateRate = r.nextDouble() * 0.05;
    int delayTicksMax = 2 + r.nextInt(6);
    double crashRate = 0.001 + r.nextDouble() * 0.003;
    double partitionRate = 0.0008 + r.nextDouble() * 0.002;
    double reconfigureRate = r.nextDouble() * 0.002;
    int syncTicksMax = 1 + r.nextInt(2);
    int clientTimeoutTicks = 25 + r.nextInt(20);
    Workload drawn = r.nextInt(COORDINATION_ONE_IN) == 0 ? Workload.COORDINATION : Workload.COUNTER;
    Workload workload = forced != null ? forced : drawn;
    // Drawn after the workload, so older seeds keep their other parameters.
    config = drawRetentionAndRemoval(config, r);
    FaultPlan faults =
        FaultPlan.draw(
            seed,
            workload == Workload.COUNTER,
            config.electionTimeoutTicks(),
            (int) config.removeAfterTicks());
    config = withSessionExpiry(config, faults.sessionExpiryTicks());
    config = drawDigestsChunksAndBudgets(config, r);
    // Issue 20: every node's ticks run at 95 %, 100 % or 105 % of the simulation's (TickDrift),
    // without lag, and the read lease allows for that: its argument is the same at 5 %.
    // The read lease is on in every seed (as by default; docs/protocol.md, "Lease reads").
    config = config.withDriftPermille(SIM_DRIFT_PERMILLE).withLeaseLagTicks(0).withReadLease(true);
    config =
        leaseEdge(seed, config, workload == Workload.COUNTER && faults.sessionExpiryTicks() == 0);
    if (workload == Workload.COORDINATION) {
      // The barrier needs its parties; the semaphore blocks only with more clients than permits.
      clients = Math.max(SimCoordination.PARTIES, clients);
    }
    return new SimParameters(
        replicas,
        acceptors,
        clients,
        dropRate,
        duplicateRate,
        delayTicksMax,
        crashRate,
        partitionRate,
        reconfigureRate,
        syncTicksMax,
        2000, // activeTicks
        2500, // livenessTicks
        clientTimeoutTicks,
        config,
        workload,
        faults);
  }

  /**
   * The replicas' config as first drawn: batches and timings; its retention, session expiry and the
   * rest are set or drawn after the other parameters.
   */
  private static ReplicaConfig drawFirstConfig(SplittableRandom r) {
    int batchMax = 1 + r.nextInt(64);
    return new ReplicaConfig(
        2, // heartbeatTicks
        10 + r.nextInt(10), // electionTimeoutTicks
        6 + r.nextInt(6), // resendTicks
        batchMax,
        1000, // pendingMax
        4 + r.nextInt(60), // catchUpBatchMax
        1_000_000, // decisionRetentionSlots: redrawn below
        1_000_000, // sessionExpiryTicks
        1000, // sessionsMax
        64); // repliesPerSessionMax
  }

  /**
   * {@code config} with its decision retention and its removal of silent members drawn. Half the
   * seeds retain few slots, so that restarted and lagging replicas catch up by snapshot.
   */
  private static ReplicaConfig drawRetentionAndRemoval(ReplicaConfig config, SplittableRandom r) {
    int retention = r.nextBoolean() ? 1_000_000 : 4 + r.nextInt(40);
    return new ReplicaConfig(
        config.heartbeatTicks(),
        config.electionTimeoutTicks(),
        config.resendTicks(),
        config.batchMax(),
        config.pendingMax(),
        config.catchUpBatchMax(),
        retention,
        config.sessionExpiryTicks(),
        config.sessionsMax(),
        config.repliesPerSessionMax(),
        // A third of the seeds remove members silent for long (crashed, cut off) from the view.
        r.nextInt(3) == 0 ? 150 + r.nextInt(300) : 0);
  }

  /**
   * {@code config} with its sessions expiring after {@code sessionExpiryTicks}, if the seed's
   * faults expire them (above 0); else {@code config} itself.
   */
  private static ReplicaConfig withSessionExpiry(ReplicaConfig config, long sessionExpiryTicks) {
    if (sessionExpiryTicks <= 0) {
      return config;
    }
    return new ReplicaConfig(
        config.heartbeatTicks(),
        config.electionTimeoutTicks(),
        config.resendTicks(),
        config.batchMax(),
        config.pendingMax(),
        config.catchUpBatchMax(),
        config.decisionRetentionSlots(),
        sessionExpiryTicks,
        config.sessionsMax(),
        config.repliesPerSessionMax(),
        config.removeAfterTicks());
  }

  /** {@code config} with the draws added last, so that older seeds keep their other parameters. */
  private static ReplicaConfig drawDigestsChunksAndBudgets(
      ReplicaConfig config, SplittableRandom r) {
    // Digests compared every few slots, and snapshots cut into chunks of a few dozen bytes so
    // that every transfer takes many.
    config =
        config.withDigestEverySlots(4 + r.nextInt(28)).withSnapshotChunkBytes(16 + r.nextInt(240));
    // Drawn last, so older seeds keep everything else. A third of the seeds close batches and
    // catch-up replies by bytes, at a few commands each: byte-bounded batching and catch-up
    // under crashes, partitions and recovery (issue 13).
    if (r.nextInt(3) == 0) {
      long big = 1L << 30;
      config =
          config.withBudgets(
              new ReplicaBudgets(
                  60 + r.nextInt(200), big, big, big, 2 * big, 100 + r.nextInt(400), big));
    }
    return config;
  }

  /**
   * Issue 20: half the seeds that drill the lease ({@link LeaseDrill}: counter workload, no
   * expiring sessions) run at its edge: an election timeout of 50-74 ticks, so a lease of 24-37
   * (the longest whose fence ends within the timeout), and clocks drifting by 30 %, which the drill
   * sets to the extremes (the deposed leader's slow, the others' fast). A fence without its drift
   * margin then ends some ticks before the old lease does in real time, long enough for a write at
   * the new leader and a lease read at the old one. Drawn from a stream of its own, so other seeds
   * keep their runs.
   */
  private static ReplicaConfig leaseEdge(long seed, ReplicaConfig config, boolean drilled) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x20_1EA5_EED6EL);
    if (!drilled || r.nextBoolean()) {
      return config;
    }
    return config
        .withElectionTimeoutTicks(50 + r.nextInt(25))
        .withDriftPermille(EDGE_DRIFT_PERMILLE);
  }

  /** The clock drift of the seeds at the lease's edge ({@link #leaseEdge}). */
  static final int EDGE_DRIFT_PERMILLE = 300;

  /** Whether this seed runs at the lease's edge ({@link #leaseEdge}). */
  boolean atLeaseEdge() {
    return replicaConfig.driftPermille() == EDGE_DRIFT_PERMILLE;
  }

  /** For example {@code 3R/3A/4C}, or {@code 3R/3A/4C/locks} for the coordination workload. */
  public String topology() {
    return replicas
        + "R/"
        + acceptors
        + "A/"
        + clients
        + "C"
        + (workload == Workload.COORDINATION ? "/locks" : "")
        + (atLeaseEdge() ? "/edge" : "");
  }
}
