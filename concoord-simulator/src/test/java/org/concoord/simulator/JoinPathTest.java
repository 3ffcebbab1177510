package org.concoord.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the simulator adds nodes the way the runtime does. A new node asks a member to add it
 * (the core's {@code Joiner}, inside {@code JoiningReplica}, {@code JoiningAcceptor} or {@code
 * JoiningLearner}); the member's {@code JoinDesk} queues the addition at the leader; the node is
 * gated until a reply admits it. The safety oracle fails any decided addition that no join desk
 * queued, so an addition submitted to the leader directly ({@code submitReconfigure}, the
 * simulator's way before) fails the seed.
 */
class JoinPathTest {
  static final long FIRST = 15_000_000;
  static final int SEEDS = 60;

  /** Seeds that must fail with the direct addition (one in two adds a node). */
  static final int CAUGHT = 5;

  @Test
  void replicasAcceptorsAndNameserversAreAddedThroughTheJoinDesk() {
    Map<String, Long> joins = new TreeMap<>();
    for (long seed = FIRST; seed < FIRST + SEEDS; seed++) {
      SimResult result = new Simulation(seed, Set.of()).run();
      assertTrue(result.passed(), result.summary());
      result
          .marks()
          .forEach(
              (mark, count) -> {
                if (mark.startsWith("sim.join-decided.")) {
                  joins.merge(mark, count, Long::sum);
                }
              });
    }
    for (String role : new String[] {"replica", "acceptor", "nameserver"}) {
      assertTrue(
          joins.getOrDefault("sim.join-decided." + role, 0L) >= 3,
          "too few " + role + "s joined in " + SEEDS + " seeds: " + joins);
    }
  }

  @Test
  void anAdditionSubmittedToTheLeaderDirectlyFailsTheSeed() {
    int added = 0;
    for (long seed = FIRST; seed < FIRST + SEEDS && added < CAUGHT; seed++) {
      SimResult result = new Simulation(seed, Set.of()).addingBesideTheJoinDesk().run();
      if (!result.passed()) {
        assertTrue(result.failure().contains("which no join desk queued"), result.summary());
        added++;
      }
    }
    assertTrue(added >= CAUGHT, "only " + added + " of " + SEEDS + " seeds failed");
  }
}
