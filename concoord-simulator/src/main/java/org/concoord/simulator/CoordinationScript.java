package org.concoord.simulator;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * What one client of the coordination workload calls next. It runs whole cycles, one at a time, so
 * a client holds at most one thing and waits for at most one, and no cycle of waits can form:
 * {@code acquire, touch x0-2, release}; {@code down, up}; {@code await}.
 *
 * <p>After the active phase a client starts nothing new but finishes its cycle (releases what it
 * holds), and joins the barrier while its last generation is short of parties, so that every parked
 * call can complete and liveness stays checkable.
 */
final class CoordinationScript {
  /** Shared by the clients of one run: awaits started, to know if a generation is incomplete. */
  static final class BarrierLedger {
    private long awaitsStarted;

    /** Whether some await waits for parties that no client will bring unless told to. */
    boolean generationIncomplete() {
      return awaitsStarted % SimCoordination.PARTIES != 0;
    }
  }

  private final SplittableRandom random;
  private final BarrierLedger ledger;

  /** The rest of the current cycle. */
  private final ArrayDeque<String> plan = new ArrayDeque<>();

  CoordinationScript(SplittableRandom random, BarrierLedger ledger) {
    this.random = random;
    this.ledger = ledger;
  }

  /** Whether the client is inside a cycle (holds the lock or a permit, or is about to). */
  boolean inCycle() {
    return !plan.isEmpty();
  }

  /** The next method to call, or null if there is nothing to do now. */
  String next(boolean active) {
    if (plan.isEmpty()) {
      if (active) {
        choose();
      } else if (ledger.generationIncomplete()) {
        plan.add("await");
      } else {
        return null;
      }
    }
    String method = plan.poll();
    if (method.equals("await")) {
      ledger.awaitsStarted++;
    }
    return method;
  }

  private void choose() {
    switch (random.nextInt(4)) {
      case 0, 1 -> {
        plan.add("acquire");
        for (int touches = random.nextInt(3); touches > 0; touches--) {
          plan.add("touch");
        }
        plan.add("release");
      }
      case 2 -> {
        plan.add("down");
        plan.add("up");
      }
      default -> plan.add("await");
    }
  }
}
