package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.replica.Replica;
import org.concoord.core.view.Role;

/**
 * The runtime's rejoin rule (ReplicaRole and Joiner), modelled for the simulator: a replica that
 * finds itself removed from the view it was a member of asks to be added again, every
 * {@link #RETRY_TICKS}, at the leader the last refusal named or else at the next replica of its
 * newest view. It follows a hint as given: that a member never points a joiner at the joiner
 * itself is the core's rule ({@code JoinDesk}) that this checks. A replica the simulation removed
 * on purpose is retired and does not ask.
 *
 * <p>Not thread-safe. Deterministic.
 */
final class SimJoiner {
  static final int RETRY_TICKS = 20;

  /** Sends a join request over the simulated network. */
  interface Sender {
    void send(NodeId from, NodeId to, JoinRequest request);
  }

  private final NodeId self;
  private boolean wasMember;
  private boolean joining;
  boolean retired;
  private NodeId hint;
  private int next;
  private long sentTicks = Long.MIN_VALUE / 2;

  SimJoiner(NodeId self) {
    this.self = self;
  }

  boolean isJoining() {
    return joining;
  }

  /** A restart: membership is judged afresh from the recovered view. */
  void restarted() {
    wasMember = false;
    joining = false;
    hint = null;
  }

  /** After each tick of the replica. */
  void onTick(long now, Replica replica, Sender sender) {
    boolean member = replica.isMember();
    if (wasMember && !member && !retired) {
      joining = true;
      hint = null;
    }
    wasMember = member;
    if (member) {
      joining = false;
    }
    if (!joining || now - sentTicks < RETRY_TICKS) {
      return;
    }
    sentTicks = now;
    List<NodeId> known = new ArrayList<>(replica.latestView().replicas());
    known.remove(self);
    NodeId target = hint;
    if (target == null && !known.isEmpty()) {
      target = known.get(next++ % known.size());
    }
    hint = null;
    if (target != null && !target.equals(self)) { // a node drops what it sends to itself
      sender.send(self, target, new JoinRequest(self, Role.REPLICA, new byte[0]));
    }
  }

  void onReply(JoinReply reply, long now) {
    if (reply.member()) {
      joining = false;
    } else if (!reply.accepted()) {
      hint = reply.leaderHint();
      sentTicks = now - RETRY_TICKS + 2; // retry soon, at the hinted leader
    }
  }
}
