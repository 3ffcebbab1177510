package org.concoord.core.replica;

import java.util.Arrays;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Reason;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * A replica's answers to nodes that ask to join: the code-fingerprint check, the bootstrap rule
 * (the first acceptor completes the genesis view) and, after that, a {@link Reconfigure} queued at
 * the leader. Every request names the node to add, and only that node may send it: the replica's
 * door guard ({@link ReplicaSenders}) drops a request sent under another name.
 *
 * <p>The genesis race: before the first acceptor joins, any node that asks as an acceptor under its
 * own name completes the genesis view. The window is from the bootstrap replica's start to the
 * first acceptor's join (a fraction of a second under {@code concoord initialize}, which starts the
 * acceptors right after the replica); closing it needs the instance's nodes to be known in advance,
 * which the transport's certificates provide (only nodes holding one can speak at all).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class JoinDesk {
  private final NodeId self;
  private final byte[] fingerprint;
  private final ViewHistory views;
  private final DecisionLog log;
  private final Leader leader;
  private final Election election;
  private final Observer observer;
  private final boolean hintAnyLeader;

  JoinDesk(
      NodeId self,
      byte[] fingerprint,
      ViewHistory views,
      DecisionLog log,
      Leader leader,
      Election election,
      Observer observer,
      boolean hintAnyLeader) {
    this.hintAnyLeader = hintAnyLeader;
    this.self = self;
    this.fingerprint = fingerprint.clone();
    this.views = views;
    this.log = log;
    this.leader = leader;
    this.election = election;
    this.observer = observer;
  }

  private NodeId leaderHint() {
    return leader.isActive() ? self : election.leaderHint();
  }

  /**
   * A node asks to join. Before the first acceptor has joined, this replica is the bootstrap and
   * nothing can be decided; the first acceptor completes the genesis view (the original's rule: one
   * replica and one acceptor make an instance). Every later join is a {@link Reconfigure} decided
   * through the log, submitted by the leader.
   */
  void onJoinRequest(NodeId from, JoinRequest request, Effects effects) {
    if (request.role() == Role.REPLICA && !Arrays.equals(request.fingerprint(), fingerprint)) {
      effects.send(
          from,
          JoinReply.refused(
              Reason.CODE_DIFFERS,
              "object code differs from the instance's (fingerprint "
                  + hex(request.fingerprint())
                  + " vs "
                  + hex(fingerprint)
                  + "): every replica must run the same class",
              null));
      return;
    }
    View latest = views.latest();
    if (latest.members(request.role()).contains(request.node())) {
      effects.send(from, new JoinReply(true, true, "member", views.viewAt(1), leaderHint()));
      return;
    }
    // Executed slots before any acceptor: only a new instance restored from a backup, which
    // starts at the backup's slot (docs/operations.md, "Backups").
    boolean genesis =
        log.slotExecutedMax() == 0
            || views.entries().size() == 1 && log.slotRetainedMin() == log.slotExecutedMax() + 1;
    if (latest.acceptors().isEmpty() && genesis) {
      if (request.role() != Role.ACCEPTOR) {
        effects.send(
            from,
            JoinReply.refused(
                Reason.INVALID, "the instance has no acceptor yet: start an acceptor first", self));
        return;
      }
      observer.mark("replica.genesis-completed");
      views.replaceGenesis(View.initial(latest.replicas(), List.of(request.node())));
      effects.send(from, new JoinReply(true, true, "member", views.viewAt(1), self));
      return;
    }
    Reconfigure change = Reconfigure.add(request.role(), request.node());
    // A refusal carries the genesis view too: an acceptor restarted on its data directory answers
    // its leaders only once a reply has shown the directory is this instance's, and a leader that
    // needs it for its quorum cannot become active without it (simulator seed 89100051 --named).
    if (!leader.isActive()) {
      effects.send(
          from,
          new JoinReply(
              false,
              false,
              "not the leader",
              views.viewAt(1),
              memberHint(request.node()),
              Reason.NOT_LEADER));
    } else if (!leader.offer(change)) {
      effects.send(
          from,
          new JoinReply(
              false, false, "leader overloaded", views.viewAt(1), self, Reason.OVERLOADED));
    } else {
      observer.onJoinQueued(self, change);
      leader.proposeDue(); // the replica's step ends with the pass
      effects.send(from, new JoinReply(true, false, "queued", views.viewAt(1), self));
    }
  }

  /**
   * The leader to send a joiner to: the one this replica believes in, if it is a member of the
   * newest view and not the joiner itself (a removed replica may have campaigned and won on a stale
   * view; pointing it at itself would send its join nowhere). Else, if this replica is no longer in
   * its newest view (it hears no leader: heartbeats go to members), another replica of that view,
   * which does (a joiner whose bootstrap nodes were all removed would otherwise ask them forever:
   * simulator seed 89100336 --named); else none (it tries the next node it knows).
   */
  private NodeId memberHint(NodeId joiner) {
    NodeId hint = election.leaderHint();
    if (hintAnyLeader) {
      return hint; // the simulator's mutation check: the behaviour before issue 14
    }
    View latest = views.latest();
    if (hint != null && !hint.equals(joiner) && latest.replicas().contains(hint)) {
      return hint;
    }
    if (!latest.replicas().contains(self)) {
      for (NodeId member : latest.replicas()) {
        if (!member.equals(joiner)) {
          return member;
        }
      }
    }
    return null;
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, 6); i++) {
      out.append(String.format("%02x", bytes[i]));
    }
    return bytes.length == 0 ? "none" : out.toString();
  }
}
