package org.concoord.core.replica;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A leader's phase 1 (PMMC's scout): the Prepares to the acceptors of the views in the window, the
 * acceptors that promised the ballot, and the highest-ballot pvalue per slot their promises
 * reported (recovery keeps it: a safety rule); and the wait for a new view's acceptors to promise.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class LeaderPromises {
  private final ViewHistory views;
  private final DecisionLog log;
  private final Observer observer;
  private final Set<NodeId> promisedBy = new HashSet<>();
  private final Map<Long, PValue> recovered = new HashMap<>();
  private long recoveredSlotMax;
  private long prepareSentTicks;

  /** Since when the leader waits for a new view's acceptors to promise, or -1. */
  private long blockedSinceTicks = -1;

  LeaderPromises(ViewHistory views, DecisionLog log, Observer observer) {
    this.views = views;
    this.log = log;
    this.observer = observer;
  }

  /**
   * Takes a part of {@code from}'s Promise: merges its pvalues; returns true when the acceptor now
   * counts as promised (its last part), false for a duplicate or while more parts follow.
   */
  boolean receive(NodeId from, Promise promise, long nextSlot) {
    if (promisedBy.contains(from)) {
      return false;
    }
    for (PValue pvalue : promise.accepted()) {
      merge(pvalue, nextSlot);
    }
    if (promise.more()) {
      return false; // more parts follow: the acceptor counts once all its pvalues are known
    }
    promisedBy.add(from);
    return true;
  }

  /** Whether a majority of {@code view}'s acceptors promised. */
  boolean isQuorum(View view) {
    return view.isQuorum(promisedBy);
  }

  /**
   * Keeps {@code pvalue} if it has the highest ballot reported for its slot, which is neither
   * proposed by this ballot already (below {@code nextSlot}) nor known chosen.
   */
  private void merge(PValue pvalue, long nextSlot) {
    long slot = pvalue.slot();
    if (slot < nextSlot || log.isDecided(slot)) {
      return; // already proposed by this ballot, or known chosen: the promise adds nothing
    }
    PValue known = recovered.get(slot);
    if (known == null || pvalue.ballot().isAbove(known.ballot())) {
      recovered.put(slot, pvalue);
      recoveredSlotMax = Math.max(recoveredSlotMax, slot);
    }
  }

  /** The highest slot a promise reported accepted (0 if none). */
  long recoveredSlotMax() {
    return recoveredSlotMax;
  }

  /** The pvalues recovered and not yet proposed again. */
  Collection<PValue> recovered() {
    return recovered.values();
  }

  /** Drops the pvalues recovered below {@code slot} (executed here already). */
  void dropBelow(long slot) {
    recovered.keySet().removeIf(s -> s < slot);
  }

  /** Forgets the pvalue recovered for {@code slot} (decided meanwhile). */
  void forget(long slot) {
    recovered.remove(slot);
  }

  /**
   * The batch recovery puts in {@code slot}, no longer kept: the pvalue a promise reported for it,
   * or a no-op in a gap below the highest slot reported; null if none (or recovery is skipped, a
   * mutation).
   */
  Batch recoveredBatch(long slot, boolean skipRecovery) {
    PValue found = recovered.remove(slot);
    if (found != null && !skipRecovery) {
      return found.batch();
    } else if (slot < recoveredSlotMax && !skipRecovery) {
      observer.mark("leader.gap-noop");
      return Batch.NOOP;
    }
    return null;
  }

  /** Forgets the promises and what they reported (a new campaign, or leading stopped). */
  void clear() {
    recovered.clear();
    promisedBy.clear();
    recoveredSlotMax = 0;
    blockedSinceTicks = -1;
  }

  /**
   * A view change brought acceptors that have not promised this ballot yet: the first time, sends
   * them Prepare and starts waiting.
   */
  void awaitNewView(Ballot ballot, long from, long nowTicks, Effects effects) {
    if (blockedSinceTicks < 0) {
      blockedSinceTicks = nowTicks;
      observer.mark("leader.prepare-new-view");
      sendPrepares(ballot, from, nowTicks, effects);
    }
  }

  /** The acceptors of every view the leader proposes in have promised: no wait. */
  void newViewPromised() {
    blockedSinceTicks = -1;
  }

  boolean awaitsNewView() {
    return blockedSinceTicks >= 0;
  }

  /**
   * Whether the leader has waited too long (three resends) for a new view's acceptors to promise:
   * it needs a new ballot, since an acceptor refuses a ballot it already promised.
   */
  boolean newViewAwaitedTooLong(long nowTicks, long resendTicks) {
    if (blockedSinceTicks >= 0 && nowTicks - blockedSinceTicks >= 3L * resendTicks) {
      observer.mark("leader.new-view-recampaign");
      return true;
    }
    return false;
  }

  /** Whether the last Prepares were sent {@code resendTicks} or more ago. */
  boolean resendDue(long nowTicks, long resendTicks) {
    return nowTicks - prepareSentTicks >= resendTicks;
  }

  /** Prepare to every acceptor of the views in the window from {@code from} not promised yet. */
  void sendPrepares(Ballot ballot, long from, long nowTicks, Effects effects) {
    prepareSentTicks = nowTicks;
    Set<NodeId> targets = new TreeSet<>();
    for (long slot = from; slot < from + View.WINDOW; slot++) {
      targets.addAll(views.viewAt(slot).acceptors());
    }
    targets.removeAll(promisedBy);
    effects.broadcast(targets, new Prepare(ballot, from));
  }

  @Override
  public String toString() {
    return promisedBy.toString();
  }
}
