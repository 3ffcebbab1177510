package org.concoord.core.replica;

import org.concoord.core.Invariants;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.Response;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;

/**
 * Learning and execution: a replica learns decided slots (a {@link
 * org.concoord.core.message.Decision}, its own leader's decisions, a catch-up reply) or a whole
 * state (a snapshot), and executes what it knows strictly in slot order, answering its attached
 * clients, its watches and its read index, and comparing state digests at agreed slots.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class SlotLearner {
  private final ReplicaParts parts;
  private final ClientDoor clients;
  private final TickDuties duties;

  SlotLearner(ReplicaParts parts, ClientDoor clients, TickDuties duties) {
    this.parts = parts;
    this.clients = clients;
    this.duties = duties;
  }

  void learn(long slot, Batch batch, Effects effects) {
    DecisionLog log = parts.log;
    Invariants.decidedOnce(parts.self, slot, log.record(slot, batch), batch);
    parts.observer.onDecided(parts.self, slot, batch);
    parts.catchUp.announced(slot);
    if (parts.mutations.contains(Mutation.EXECUTE_OUT_OF_ORDER)
        && slot > log.slotExecutedMax() + 1) {
      parts.executor.execute(slot, batch, outputs(effects, slot));
    }
    executeReady(effects);
  }

  /**
   * Starts from {@code snapshot} ({@link Replica#restore}), before any other input.
   *
   * @throws IllegalArgumentException if the object bytes do not restore
   */
  void restore(Snapshot snapshot) {
    DecisionLog log = parts.log;
    if (log.slotExecutedMax() != 0) {
      throw new IllegalStateException(
          "restore only a fresh replica; this one executed " + log.slotExecutedMax());
    }
    parts.executor.restore(snapshot);
    log.restartAt(snapshot.slot());
    parts.watches.restored(snapshot.slot(), new Effects());
  }

  /**
   * A chunk of a snapshot this replica asked for. Once complete and accepted ({@link CatchUp}):
   * replaces the state, then executes what it already knows beyond it. A replica that was
   * campaigning with a stale log stops: it will campaign again from the restored slot if it must. A
   * diverged replica takes its majority peer's snapshot even at or below its own executed slot and
   * executes again from there.
   */
  void onSnapshotChunk(NodeId from, SnapshotChunk chunk, Effects effects) {
    DecisionLog log = parts.log;
    DigestCheck digests = parts.digests;
    long slotMin = digests.isDiverged() ? digests.divergedSlot() : log.slotExecutedMax() + 1;
    Snapshot snapshot = parts.catchUp.onChunk(from, chunk, slotMin, parts.nowTicks(), effects);
    if (snapshot == null) {
      return;
    }
    if (!digests.isDiverged() && snapshot.slot() <= log.slotExecutedMax()) {
      // Overtaken while its chunks came: this replica executed past it meanwhile (it led, or the
      // log came). Only a diverged replica goes back to an earlier slot.
      parts.observer.mark("replica.snapshot-overtaken");
      parts.catchUp.restored();
      return;
    }
    try {
      parts.executor.restore(snapshot);
    } catch (RuntimeException e) { // another code, or damaged: nothing changed
      parts.observer.mark("replica.snapshot-refused");
      return;
    }
    boolean resync = snapshot.slot() <= log.slotExecutedMax();
    log.restartAt(snapshot.slot());
    parts.catchUp.restored();
    digests.restored(snapshot.slot());
    parts.watches.restored(snapshot.slot(), effects);
    if (parts.leader.phase() != Leader.Phase.FOLLOWER) {
      parts.leader.stepDown(parts.ballotKnown(), effects);
    }
    restoredNotice(snapshot, resync);
    executeReady(effects);
  }

  /** Tells the observer a snapshot replaced the state: a divergence recovered, or caught up. */
  private void restoredNotice(Snapshot snapshot, boolean resync) {
    if (resync) {
      parts.observer.mark("replica.divergence-recovered");
      parts.observer.onResynced(parts.self, snapshot.slot());
    } else {
      parts.observer.mark("replica.snapshot-restored");
      parts.observer.onRestored(
          parts.self, snapshot.slot(), snapshot.object().length, snapshot.sessions().size());
    }
  }

  /**
   * Learns the slots of a catch-up reply. A reply is cut by count and bytes, so if it moved this
   * replica on, the same peer is asked at once for what follows: with no leader heartbeat to prompt
   * the next request (none exists, or this replica cannot place it yet), a long log would otherwise
   * come one reply per election timeout.
   */
  void onCatchUpReply(NodeId from, CatchUpReply reply, Effects effects) {
    long executedBefore = parts.log.slotExecutedMax();
    long slot = reply.fromSlot();
    for (Batch batch : reply.batches()) {
      learn(slot++, batch, effects);
    }
    parts.catchUp.answered();
    if (parts.log.slotExecutedMax() > executedBefore) {
      parts.catchUp.askNext(from, parts.nowTicks(), effects);
    }
  }

  /** Executes decided slots in order from the first unexecuted one, as far as they are known. */
  private void executeReady(Effects effects) {
    DecisionLog log = parts.log;
    for (Batch next = log.nextToExecute(); next != null; next = log.nextToExecute()) {
      parts.executor.execute(
          log.slotExecutedMax() + 1, next, outputs(effects, log.slotExecutedMax() + 1));
      log.markExecuted();
      parts.watches.afterSlot(
          log.slotExecutedMax(), parts.executor.touched(), parts.ballotKnown(), effects);
      if (!parts.isMember()) {
        parts.watches.endAll(log.slotExecutedMax(), effects); // removed: it learns no more slots
      }
      maybeDigest(effects);
    }
    parts.truncation.executedHere();
    duties.maybeResign(effects);
    parts.leader.proposeDue(); // the window moved
    parts.readIndex.executed(effects);
  }

  /** After an agreed slot (a multiple of the digest interval), compares state digests. */
  private void maybeDigest(Effects effects) {
    long slot = parts.log.slotExecutedMax();
    int every = parts.config.digestEverySlots();
    if (every == 0 || slot % every != 0 || parts.digests.isDiverged()) {
      return;
    }
    Snapshot state;
    try {
      state = parts.catchUp.capture(parts.nowTicks());
    } catch (RuntimeException e) { // an object without snapshots: nothing to compare
      return;
    }
    parts.digests.executed(state, parts.views.latest(), effects);
  }

  /** The outputs of executing {@code slot}: its replies say so (a client's slot seen). */
  private SlotExecutor.Outputs outputs(Effects effects, long slot) {
    return new SlotExecutor.Outputs() {
      @Override
      public void reply(long clientId, long seq, Outcome outcome, byte[] payload) {
        if (clients.isAttached(clientId) && !parts.digests.isDiverged()) {
          effects.reply(new ClientReply(clientId, seq, outcome, payload, null, slot));
        }
      }

      @Override
      public void executed(long clientId, long seq) {
        parts.leader.executed(clientId, seq);
      }

      @Override
      public void ran(long slot, ClientCommand call, Response response) {
        parts.watches.written(slot, call, response, effects);
      }
    };
  }
}
