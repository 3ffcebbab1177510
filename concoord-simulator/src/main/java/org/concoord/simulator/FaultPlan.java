package org.concoord.simulator;

import java.util.SplittableRandom;

/**
 * The faults added for issue 14, drawn from a stream of their own so that every parameter drawn
 * before them (and so each older seed's topology and rates) stays what it was.
 *
 * @param durableReplicas replicas keep a snapshot "on disk" and restart from it, however old
 * @param snapshotEverySlots executed slots between two snapshots of a durable replica
 * @param pauseRatePerTick chance per tick that a replica (the leader if there is one) is paused: it
 *     neither ticks nor handles anything, and what arrives meanwhile waits, as with SIGSTOP
 * @param pauseTicksMax the longest pause
 * @param tickLossMax each replica loses this fraction of its ticks at most (drawn per replica): a
 *     loaded node's thread is late and catches up by only a few ticks, so its count falls behind
 * @param sessionExpiryTicks sessions expire after this many ticks of the replicated clock (0: the
 *     seed keeps the long default); clients are then never cut off by partitions, so every client
 *     keeps calling and none may see its session expire
 * @param longPartitionTicks partitions may last this long (0: only the short ones), so that a cut
 *     node is removed and comes back after the heal
 * @param removalCrash the leader is crashed once, long enough to be removed, and restarts from its
 *     snapshot taken before its removal
 */
public record FaultPlan(
    boolean durableReplicas,
    int snapshotEverySlots,
    double pauseRatePerTick,
    int pauseTicksMax,
    double tickLossMax,
    int sessionExpiryTicks,
    int longPartitionTicks,
    boolean removalCrash) {

  /** None of these faults: the plan of a test that wants the older mix alone. */
  static final FaultPlan NONE = new FaultPlan(false, 1, 0, 0, 0, 0, 0, false);

  static FaultPlan draw(
      long seed, boolean counterWorkload, int electionTimeoutTicks, int removeAfterTicks) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x14FA_0017_5EEDL);
    boolean durable = r.nextBoolean();
    int snapshotEvery = 2 + r.nextInt(20);
    boolean pauses = r.nextBoolean();
    double pauseRate = pauses ? 0.001 + r.nextDouble() * 0.002 : 0;
    int pauseMax = 4 * electionTimeoutTicks;
    double tickLoss = r.nextInt(3) == 0 ? 0.3 + r.nextDouble() * 0.3 : 0;
    int expiry = counterWorkload && r.nextBoolean() ? 200 + r.nextInt(200) : 0;
    boolean removals = removeAfterTicks > 0;
    int longPartition = removals && r.nextBoolean() ? removeAfterTicks + 50 + r.nextInt(300) : 0;
    boolean removalCrash = removals && durable && r.nextInt(4) != 0;
    return new FaultPlan(
        durable, snapshotEvery, pauseRate, pauseMax, tickLoss, expiry, longPartition, removalCrash);
  }

  /** For the one-line summary: the faults on, e.g. {@code +durable+pause+slow}. */
  String describe() {
    return (durableReplicas ? "+durable" : "")
        + (pauseRatePerTick > 0 ? "+pause" : "")
        + (tickLossMax > 0 ? "+slow" : "")
        + (sessionExpiryTicks > 0 ? "+sessions" : "")
        + (longPartitionTicks > 0 ? "+long-cuts" : "")
        + (removalCrash ? "+removal-crash" : "");
  }
}
