package org.concoord.runtime;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.view.Role;

/**
 * Asks the instance, through the bootstrap nodes, to add this node, until a reply says it is a
 * member: one request per retry interval, to the leader named in the last refusal or else to the
 * next bootstrap node.
 */
final class Joiner {
  /** Ticks between join requests (1 s at 10 ms a tick). */
  static final int RETRY_TICKS = 100;

  private final NodeId self;
  private final JoinRequest request;
  private final List<NodeId> bootstrap;
  private int next;
  private NodeId hint;
  private long ticks;
  private long sentTicks = -RETRY_TICKS;
  private boolean member;
  private String lastRefusal;

  Joiner(NodeId self, Role role, byte[] fingerprint, List<NodeId> bootstrap) {
    this.self = self;
    this.request = new JoinRequest(self, role, fingerprint);
    this.bootstrap = List.copyOf(bootstrap);
  }

  boolean isMember() {
    return member;
  }

  /** Asks to be added again (the node learned it was removed): from the next tick on. */
  void rejoin() {
    member = false;
    hint = null;
    sentTicks = ticks - RETRY_TICKS;
  }

  String lastRefusal() {
    return lastRefusal;
  }

  void onTick(Effects effects) {
    ticks++;
    if (member || ticks - sentTicks < RETRY_TICKS) {
      return;
    }
    sentTicks = ticks;
    NodeId target = hint != null ? hint : bootstrap.get(next++ % bootstrap.size());
    hint = null;
    effects.send(target, request);
  }

  /** Records the answer; returns it for the caller's own use (e.g. the genesis view). */
  JoinReply onReply(JoinReply reply) {
    if (reply.member()) {
      member = true;
    } else if (!reply.accepted()) {
      lastRefusal = reply.reason();
      // A hint naming this node itself would go nowhere (a node drops messages to itself).
      hint = self.equals(reply.leaderHint()) ? null : reply.leaderHint();
      sentTicks = ticks - RETRY_TICKS + 10; // retry soon, at the hinted leader
    }
    return reply;
  }
}
