package org.concoord.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 20's checks of the reads the linearizability checkers do not take (docs/testing.md):
 * {@code SEQUENTIAL} and {@code BOUNDED} reads, answered by any replica from its executed state.
 *
 * <ul>
 *   <li><b>Per client, never back in time</b>: such a read reflects a slot at least as high as
 *       every reply its client got before it (its own writes included).
 *   <li><b>Staleness</b>: a bounded read misses no write that completed more than its bound (plus
 *       {@code slackTicks}) before it was invoked: every such write's slot is at or below the
 *       read's.
 * </ul>
 *
 * Which value a slot's state holds is the state digests' and the safety oracle's business; here
 * the slots a reply reflects are checked, which every reply of the run carries.
 */
final class ReadModeChecks {
  private ReadModeChecks() {}

  /** Null if both hold, else the first op that breaks one. */
  static String check(List<ClientOp> ops, long slackTicks) {
    Map<Integer, Long> seenByClient = new HashMap<>();
    List<ClientOp> writes = new ArrayList<>();
    for (ClientOp op : ops) { // in invocation order: one call per client at a time
      if (op.isCompleted() && op.slot > 0 && isWrite(op)) {
        writes.add(op);
      }
    }
    for (ClientOp op : ops) {
      if (!op.isCompleted()) {
        continue;
      }
      long seen = seenByClient.getOrDefault(op.client, 0L);
      if (op.mode.anyReplica() && op.slot < seen) {
        return "client-" + op.client + " went back in time: its " + op.mode + " " + op.method
            + " at tick " + op.invokeTicks + " reflects slot " + op.slot + ", after a reply of"
            + " slot " + seen;
      }
      seenByClient.put(op.client, Math.max(seen, op.slot));
      if (op.mode.kind() == org.concoord.core.command.ReadMode.Kind.BOUNDED) {
        long boundTicks = op.mode.boundMillis() / 10;
        for (ClientOp write : writes) {
          if (write.completeTicks + boundTicks + slackTicks < op.invokeTicks
              && write.slot > op.slot) {
            return "client-" + op.client + "'s " + op.mode + " " + op.method + " at tick "
                + op.invokeTicks + " reflects slot " + op.slot + ", missing client-"
                + write.client + "'s " + write.method + " of slot " + write.slot
                + " completed at tick " + write.completeTicks;
          }
        }
      }
    }
    return null;
  }

  private static boolean isWrite(ClientOp op) {
    return op.method.equals("add") || op.method.equals("append");
  }
}
