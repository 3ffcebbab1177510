package org.concoord.simulator;

import java.util.SplittableRandom;
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
    ReplicaConfig replicaConfig) {

  public static SimParameters draw(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int batchMax = 1 + r.nextInt(64);
    ReplicaConfig config =
        new ReplicaConfig(
            2, // heartbeatTicks
            10 + r.nextInt(10), // electionTimeoutTicks
            6 + r.nextInt(6), // resendTicks
            batchMax,
            1000, // pendingMax
            4 + r.nextInt(60), // catchUpBatchMax
            1_000_000, // decisionRetentionSlots: catch-up from slot 1 until snapshots exist
            1_000_000, // sessionExpiryTicks
            1000, // sessionsMax
            64); // repliesPerSessionMax
    return new SimParameters(
        1 + r.nextInt(5),
        1 + r.nextInt(5),
        1 + r.nextInt(4),
        r.nextDouble() * 0.08,
        r.nextDouble() * 0.05,
        2 + r.nextInt(6),
        0.001 + r.nextDouble() * 0.003,
        0.0008 + r.nextDouble() * 0.002,
        r.nextDouble() * 0.002,
        1 + r.nextInt(2),
        2000, // activeTicks
        2500, // livenessTicks
        25 + r.nextInt(20),
        config);
  }

  public String topology() {
    return replicas + "R/" + acceptors + "A/" + clients + "C";
  }
}
