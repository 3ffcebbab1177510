package org.concoord.core.replica;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.Snapshot;

/**
 * A replica's answers to others' {@link CatchUpRequest}s: the decided slots asked for while they
 * are retained, else a {@link Snapshot} of the state they produced. A lagging or new replica (or a
 * nameserver) thus needs one snapshot and at most the retained log tail, never the whole history.
 * The snapshot is reused while nothing new executes, so a burst of requests costs one capture.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class CatchUpServer {
  private final DecisionLog log;
  private final SlotExecutor executor;
  private final int batchMax;
  private final Observer observer;
  private Snapshot lastSnapshot;

  CatchUpServer(DecisionLog log, SlotExecutor executor, int batchMax, Observer observer) {
    this.log = log;
    this.executor = executor;
    this.batchMax = batchMax;
    this.observer = observer;
  }

  void onRequest(NodeId from, CatchUpRequest request, Effects effects) {
    if (request.fromSlot() < log.slotRetainedMin() && request.fromSlot() <= log.slotExecutedMax()) {
      Snapshot snapshot = snapshot();
      if (snapshot != null) {
        observer.mark("replica.snapshot-sent");
        effects.send(from, snapshot);
      }
      return;
    }
    List<Batch> batches = log.executedFrom(request.fromSlot(), batchMax);
    if (!batches.isEmpty()) {
      effects.send(from, new CatchUpReply(request.fromSlot(), batches));
    }
  }

  /** The state as of the last executed slot, or null if the object cannot be snapshotted. */
  private Snapshot snapshot() {
    long slot = log.slotExecutedMax();
    if (lastSnapshot == null || lastSnapshot.slot() != slot) {
      try {
        lastSnapshot = executor.snapshot(slot);
      } catch (RuntimeException e) { // refused at load normally; never let a peer crash us
        observer.mark("replica.snapshot-failed");
        return null;
      }
    }
    return lastSnapshot;
  }
}
