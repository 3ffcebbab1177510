package org.concoord.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 20's checks of the reads the linearizability checkers do not take (docs/testing.md): {@code
 * SEQUENTIAL} and {@code BOUNDED} reads, answered by any replica from its executed state.
 *
 * <ul>
 *   <li><b>Per client, never back in time</b>: such a read reflects a slot at least as high as
 *       every reply its client got before it was invoked (its own writes included; calls of one
 *       client overlap, pipelined, and a reply that came while a read was out does not bind it).
 *   <li><b>Staleness</b>: a bounded read misses no write that completed more than its bound (plus
 *       {@code slackTicks}) before it was invoked: every such write's slot is at or below the
 *       read's.
 * </ul>
 *
 * Which value a slot's state holds is the state digests' and the safety oracle's business; here the
 * slots a reply reflects are checked, which every reply of the run carries.
 */
final class ReadModeChecks {
  private ReadModeChecks() {}

  /** Null if both hold, else the first op that breaks one. */
  static String check(List<ClientOp> ops, long slackTicks) {
    List<ClientOp> writes = new ArrayList<>();
    Map<Integer, List<ClientOp>> doneByClient = new HashMap<>();
    for (ClientOp op : ops) {
      if (op.isCompleted() && op.slot > 0 && isWrite(op)) {
        writes.add(op);
      }
      if (op.isCompleted()) {
        doneByClient.computeIfAbsent(op.client, c -> new ArrayList<>()).add(op);
      }
    }
    doneByClient
        .values()
        .forEach(
            done ->
                done.sort(java.util.Comparator.comparingLong((ClientOp op) -> op.completeTicks)));
    Map<Integer, long[]> seenByClient = new HashMap<>(); // {slot seen, replies counted}
    for (ClientOp op : ops) { // in invocation order; a client's calls may overlap (pipelined)
      if (!op.isCompleted()) {
        continue;
      }
      long seen =
          seenBefore(
              doneByClient.get(op.client),
              seenByClient.computeIfAbsent(op.client, c -> new long[2]),
              op.invokeTicks);
      if (op.mode.anyReplica() && op.slot < seen) {
        return "client-"
            + op.client
            + " went back in time: its "
            + op.mode
            + " "
            + op.method
            + " at tick "
            + op.invokeTicks
            + " reflects slot "
            + op.slot
            + ", after a reply of"
            + " slot "
            + seen;
      }
      if (op.mode.kind() == org.concoord.core.command.ReadMode.Kind.BOUNDED) {
        String missed = missedWrite(op, writes, slackTicks);
        if (missed != null) {
          return missed;
        }
      }
    }
    return null;
  }

  /**
   * The highest slot of the replies {@code done} (by completion) that the client got by {@code
   * invokeTicks}: replies of a tick arrive before the calls of that tick start. {@code state}
   * carries the slot and the count of replies taken, since invocations only go forward.
   */
  private static long seenBefore(List<ClientOp> done, long[] state, long invokeTicks) {
    while (state[1] < done.size() && done.get((int) state[1]).completeTicks <= invokeTicks) {
      state[0] = Math.max(state[0], done.get((int) state[1]).slot);
      state[1]++;
    }
    return state[0];
  }

  private static String missedWrite(ClientOp op, List<ClientOp> writes, long slackTicks) {
    long boundTicks = op.mode.boundMillis() / 10;
    for (ClientOp write : writes) {
      if (write.completeTicks + boundTicks + slackTicks < op.invokeTicks && write.slot > op.slot) {
        return "client-"
            + op.client
            + "'s "
            + op.mode
            + " "
            + op.method
            + " at tick "
            + op.invokeTicks
            + " reflects slot "
            + op.slot
            + ", missing client-"
            + write.client
            + "'s "
            + write.method
            + " of slot "
            + write.slot
            + " completed at tick "
            + write.completeTicks;
      }
    }
    return null;
  }

  private static boolean isWrite(ClientOp op) {
    return op.method.equals("add") || op.method.equals("append");
  }
}
