package org.concoord.runtime;

import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;

/**
 * What a node's replica reports (its {@link Observer}): counted by the metrics' observer, each
 * executed slot's bytes handed on (towards the next snapshot), and logged what an operator should
 * see: a catch-up by snapshot, a divergence and the recovery from it.
 */
final class ReplicaObserver implements Observer {
  /** The replica role's logger: these lines are the role's, as they were before this class. */
  private static final Logger LOG = Logger.getLogger(ReplicaRole.class.getName());

  private final Observer counting;
  private final LongConsumer executedBytes;

  ReplicaObserver(Observer counting, LongConsumer executedBytes) {
    this.counting = counting;
    this.executedBytes = executedBytes;
  }

  @Override
  public void onDecided(NodeId node, long slot, Batch batch) {
    counting.onDecided(node, slot, batch);
  }

  @Override
  public void onExecuted(NodeId node, long slot, Batch batch) {
    counting.onExecuted(node, slot, batch);
    executedBytes.accept(org.concoord.core.codec.WireSizes.batch(batch));
  }

  @Override
  public void mark(String mark) {
    counting.mark(mark);
  }

  @Override
  public void onRestored(NodeId node, long slot, int objectBytes, int sessions) {
    counting.onRestored(node, slot, objectBytes, sessions);
    LOG.info(
        node
            + " caught up by snapshot: state restored as of slot "
            + slot
            + " (object "
            + objectBytes
            + " bytes, "
            + sessions
            + " client sessions); "
            + "the log follows from slot "
            + (slot + 1));
  }

  @Override
  public void onDiverged(NodeId node, long slot, String detail) {
    LOG.severe(
        "DIVERGED: "
            + node
            + "'s replicated state differs from the majority's"
            + " ("
            + detail
            + "). Its object is not deterministic, or its code or data"
            + " differs from the others'. It stops serving clients and restores a"
            + " snapshot of a majority replica; see concoord status.");
  }

  @Override
  public void onResynced(NodeId node, long slot) {
    LOG.warning(
        node
            + " recovered from its divergence: state replaced by a majority"
            + " replica's snapshot of slot "
            + slot
            + "; serving again");
  }
}
