package org.concoord.simulator;

import java.util.HashMap;
import java.util.Map;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;

/**
 * Issue 14's session oracle, apart from the system: a client that kept calling never has its
 * session expired. "Kept calling" counts only what the instance heard: a request that reached a
 * leader and was decided and executed (a duplicate too, since it touches the session). A request
 * the network dropped, or that found no leader, does not count: a client whose requests were all
 * lost for longer than its session's expiry may lose its session (seeds 9000225, 5000268).
 *
 * <p>A session expires after {@code expiryTicks} of the replicated clock without a command of its
 * client executing. The replicated clock never runs ahead of simulated time by more than {@link
 * SafetyOracle#CLOCK_JUMP_BOUND_TICKS}, so an expiry reported to a client whose last command first
 * executed less than {@code expiryTicks - CLOCK_JUMP_BOUND_TICKS} ticks before is a bug: the clock
 * ran faster than time (a failover's jump), or the session was not kept alive.
 */
final class SessionOracle {
  /** Per client: when each of its seqs first executed. */
  private static final class Heard {
    final java.util.TreeMap<Long, Long> firstAtTicks = new java.util.TreeMap<>();
  }

  private final Map<Long, Heard> heard = new HashMap<>();
  private long slotExecutedMax;
  private boolean on = true;

  /** For the checks on the checkers: every expiry counts as true (another oracle must see it). */
  void switchOff() {
    on = false;
  }

  /**
   * A replica executed {@code slot}: on its first execution anywhere, its clients were heard. A
   * command of an earlier seq than the client's latest is not counted (it is stale, or its
   * duplicate: the instance may have ignored it), so the oracle errs on the side of an expiry.
   */
  void executed(long slot, Batch batch, long nowTicks) {
    if (slot <= slotExecutedMax) {
      return;
    }
    slotExecutedMax = slot;
    for (Command command : batch.commands()) {
      if (command instanceof ClientCommand call) {
        heard
            .computeIfAbsent(call.clientId(), id -> new Heard())
            .firstAtTicks
            .putIfAbsent(call.seq(), nowTicks);
      }
    }
  }

  /**
   * A client got "session expired" for its call {@code seq} at {@code nowTicks}; whether that is
   * wrong: the instance heard it (an earlier call of it executed; the refused call's own execution
   * does not count) within the expiry less the clock's allowed lead.
   */
  boolean expiredWrongly(long clientId, long seq, long nowTicks, long expiryTicks) {
    Heard client = heard.get(clientId);
    java.util.Set<Long> later =
        client == null ? java.util.Set.of() : client.firstAtTicks.tailMap(seq, false).keySet();
    return expiredWrongly(clientId, seq, later, nowTicks, expiryTicks); // one call at a time
  }

  /**
   * The same for a client whose calls {@code burst} (the refused one among them) were outstanding
   * together: with calls pipelined, any of them may have executed, refused, before the one whose
   * refusal came first, and no refused call's execution counts as hearing the client. Every other
   * call's execution counts, later seqs too (one that ran did so while the session lived).
   */
  boolean expiredWrongly(
      long clientId, long seq, java.util.Set<Long> burst, long nowTicks, long expiryTicks) {
    Heard client = heard.get(clientId);
    if (!on || client == null) {
      return false; // never heard: no session was opened
    }
    long heardAtTicks = -1;
    for (java.util.Map.Entry<Long, Long> run : client.firstAtTicks.entrySet()) {
      if (run.getKey() != seq && !burst.contains(run.getKey())) {
        heardAtTicks = Math.max(heardAtTicks, run.getValue());
      }
    }
    return heardAtTicks >= 0
        && nowTicks - heardAtTicks < expiryTicks - SafetyOracle.CLOCK_JUMP_BOUND_TICKS;
  }
}
