package org.concoord.simulator;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.join.JoiningLearner;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.message.Message;

/**
 * A simulated nameserver process: the core's {@link JoiningLearner}, as the runtime's nameserver
 * runs it (without the DNS side). It asks the members named at its creation to add it and learns
 * the views. Never crashed; the run stops it when it removes it on purpose.
 */
final class NameserverNode {
  /** Sends over the simulated network. */
  interface Sender {
    void send(NodeId from, NodeId to, Message message);
  }

  final NodeId id;
  private final JoiningLearner joining;
  private final Effects effects = new Effects();
  boolean up = true;

  NameserverNode(NodeId id, List<NodeId> bootstrap) {
    this.id = id;
    this.joining =
        new JoiningLearner(
            id, bootstrap, ReplicaNode.JOIN_RETRY_TICKS, LearnerConfig.defaults(), warning -> {});
  }

  void deliver(NodeId from, Message message, Sender sender) {
    if (up) {
      joining.onMessage(from, message, effects);
      flush(sender);
    }
  }

  void tick(Sender sender) {
    if (up) {
      joining.onTick(effects);
      flush(sender);
    }
  }

  private void flush(Sender sender) {
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Send send) {
        sender.send(id, send.target(), send.message());
      }
    }
    effects.clear();
  }

  String describe() {
    return joining.describe();
  }
}
