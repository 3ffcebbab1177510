package org.concoord.simulator;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Simulated time and network: a queue of timed actions, ordered by (time, insertion) so equal times
 * run in a fixed order; and links between named endpoints that drop, duplicate, delay (and so
 * reorder) messages, or are cut by partitions (each direction separately, so asymmetric cuts
 * exist).
 *
 * <p>Not thread-safe. Deterministic given the seeded generator.
 */
final class SimNetwork {
  private record Scheduled(long time, long order, Runnable action) {}

  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
  private final SplittableRandom random;
  private final Set<String> cut = new HashSet<>();
  private long now;
  private long order;
  double dropRate;
  double duplicateRate;
  int delayTicksMax;
  long messagesSent;
  long messagesDropped;

  SimNetwork(SplittableRandom random, double dropRate, double duplicateRate, int delayTicksMax) {
    this.random = random;
    this.dropRate = dropRate;
    this.duplicateRate = duplicateRate;
    this.delayTicksMax = delayTicksMax;
  }

  long now() {
    return now;
  }

  void schedule(long time, Runnable action) {
    queue.add(new Scheduled(Math.max(time, now), order++, action));
  }

  /** Runs every action due at or before {@code time}, then sets the clock to it. */
  void runUntil(long time) {
    while (!queue.isEmpty() && queue.peek().time <= time) {
      Scheduled next = queue.poll();
      now = next.time;
      next.action.run();
    }
    now = time;
  }

  /** Sends over the link source -> target; {@code deliver} runs on arrival if the link holds. */
  void send(String source, String target, Runnable deliver) {
    messagesSent++;
    if (isCut(source, target) || random.nextDouble() < dropRate) {
      messagesDropped++;
      return;
    }
    int copies = random.nextDouble() < duplicateRate ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long at = now + 1 + random.nextInt(delayTicksMax);
      schedule(
          at,
          () -> {
            if (!isCut(source, target)) {
              deliver.run();
            }
          });
    }
  }

  void cut(String source, String target) {
    cut.add(source + ">" + target);
  }

  boolean isCut(String source, String target) {
    return !cut.isEmpty() && cut.contains(source + ">" + target);
  }

  void healAll() {
    cut.clear();
  }
}
