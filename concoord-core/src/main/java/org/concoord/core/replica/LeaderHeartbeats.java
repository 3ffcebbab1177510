package org.concoord.core.replica;

import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.view.ViewHistory;

/**
 * An active leader's heartbeats, every heartbeatTicks: to the other learners of the newest view,
 * and to its acceptors when silent members are removed (they answer only for the failure detector).
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class LeaderHeartbeats {
  private final NodeId self;
  private final ReplicaConfig config;
  private final ViewHistory views;
  private final DecisionLog log;
  private long sentTicks;

  LeaderHeartbeats(NodeId self, ReplicaConfig config, ViewHistory views, DecisionLog log) {
    this.self = self;
    this.config = config;
    this.views = views;
    this.log = log;
  }

  /** Whether the last heartbeat went out heartbeatTicks or more ago. */
  boolean due(long nowTicks) {
    return nowTicks - sentTicks >= config.heartbeatTicks();
  }

  void send(Ballot ballot, long nowTicks, Effects effects) {
    sentTicks = nowTicks;
    Heartbeat heartbeat = new Heartbeat(ballot, log.slotExecutedMax());
    for (NodeId learnerNode : views.latest().learners()) {
      if (!learnerNode.equals(self)) {
        effects.send(learnerNode, heartbeat);
      }
    }
    if (config.removeAfterTicks() > 0) { // acceptors answer only for the failure detector
      effects.broadcast(views.latest().acceptors(), heartbeat);
    }
  }
}
