package org.concoord.core.replica;

import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Promise;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.Snapshot;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * The replica's door guard: which peer may send which message, by role and by ballot. A message
 * that fails is dropped before any state changes, and a mark {@code senders.refused.<rule>} is left
 * for the observer. The rules:
 *
 * <ul>
 *   <li>{@code Decision}: only from the leader this replica follows (the leader of the highest
 *       ballot it heard), and only if that leader is a replica of the view;
 *   <li>{@code CatchUpReply}: only from a replica of the view or the leader of the highest ballot
 *       heard of ({@link #teaches}), and only as an answer (it starts no later than the first slot
 *       this replica lacks);
 *   <li>{@code Snapshot}, {@code SnapshotChunk}: only from a replica of the view or the leader of
 *       the highest ballot heard of (which snapshots this replica accepts beyond that is {@link
 *       CatchUp}'s business). A {@code SnapshotFetch} is a request, like a {@code CatchUpRequest},
 *       and is taken from anyone: a replica outside the view (removed while it was down, restarting
 *       from an old snapshot) got the first chunk with its catch-up request but was refused every
 *       further one, so it never learned the view that would lead it to the leader and back in
 *       (seed 5002058);
 *   <li>{@code Heartbeat}: only from the ballot's own leader, a replica of the view;
 *   <li>{@code Alive}: only from a member of the view (any role);
 *   <li>{@code Promise}, {@code Accepted}, {@code Preempted}, {@code ReadConfirm}: only from an
 *       acceptor of a view that governs a slot this replica may propose; a Promise's pvalues must
 *       lie below its ballot and at or after its first slot, and not absurdly far ahead;
 *   <li>{@code JoinRequest}: only from the node it asks to add;
 *   <li>every ballot a peer sends must be within {@link Ballot#ROUND_STEP_MAX} rounds of the
 *       highest this replica knows.
 * </ul>
 *
 * "The view" is the newest view this replica knows or the one governing its next slot, so a leader
 * removed in a decided but not yet effective change is still heard. A replica that joined is also
 * taught by its sponsor (the node whose join reply admitted it) until it learns a view naming
 * itself: before that its views may be too old to name the current leader.
 *
 * <p>Identity is the peer's claim ({@code Hello}) until the transport authenticates it; these rules
 * are what gives that identity a meaning.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class ReplicaSenders {
  /** What the guard reads of the replica's state. */
  interface Known {
    /** The highest ballot heard from others (the followed leader's). */
    Ballot ballotHeard();

    /** The higher of {@link #ballotHeard} and this replica's own ballot. */
    Ballot ballotKnown();

    long slotExecutedMax();
  }

  private final NodeId self;
  private final ViewHistory views;
  private final Known known;
  private final Observer observer;
  private final boolean trustAnySender;

  /** The simulator's mutation check of issue 14: a leader outside the view is followed. */
  private final boolean followOutsideLeader;

  private NodeId sponsor;

  ReplicaSenders(
      NodeId self, ViewHistory views, Known known, Set<Mutation> mutations, Observer observer) {
    this.self = self;
    this.views = views;
    this.known = known;
    this.observer = observer;
    this.trustAnySender = mutations.contains(Mutation.TRUST_ANY_SENDER);
    this.followOutsideLeader = mutations.contains(Mutation.LEAD_FROM_OUTSIDE_VIEW);
  }

  /** The node whose join reply admitted this replica: trusted as a member until it is one. */
  void sponsoredBy(NodeId node) {
    sponsor = node;
  }

  /** Whether {@code message} from {@code from} may pass the door; false leaves a mark. */
  boolean admits(NodeId from, Message message) {
    if (trustAnySender) {
      return true;
    }
    String refusal = refusal(from, message);
    if (refusal == null) {
      return true;
    }
    observer.mark("senders.refused." + refusal);
    return false;
  }

  /** Whether {@code node} is a replica of the view (or the sponsor of a replica not yet in it). */
  boolean isReplica(NodeId node) {
    View latest = views.latest();
    if (latest.replicas().contains(node) || nextView().replicas().contains(node)) {
      return true;
    }
    return node.equals(sponsor) && !latest.replicas().contains(self);
  }

  /** Under the mutation only: whether {@code node} was a replica of any view this one knows. */
  private boolean wasReplica(NodeId node) {
    return followOutsideLeader
        && views.entries().stream().anyMatch(entry -> entry.view().replicas().contains(node));
  }

  private String refusal(NodeId from, Message message) {
    if (message instanceof Decision decision) {
      return decisionRefusal(from, decision);
    } else if (message instanceof CatchUpReply reply) {
      return catchUpReplyRefusal(from, reply);
    } else if (message instanceof Snapshot || message instanceof SnapshotChunk) {
      return teaches(from) ? null : "snapshot-from-non-member";
    } else if (message instanceof Heartbeat heartbeat) {
      return heartbeatRefusal(from, heartbeat);
    } else if (message instanceof Alive alive) {
      return !isMember(from) ? "alive-from-non-member" : ballotRefusal("alive", alive.ballot());
    } else if (message instanceof Preempted preempted) {
      return !isAcceptor(from)
          ? "preempted-from-non-acceptor"
          : ballotRefusal("preempted", preempted.promised());
    } else if (message instanceof Promise promise) {
      return promiseRefusal(from, promise);
    } else if (message instanceof Accepted accepted) {
      return !isAcceptor(from)
          ? "accepted-from-non-acceptor"
          : ballotRefusal("accepted", accepted.ballot());
    } else if (message instanceof ReadConfirm confirm) {
      return !isAcceptor(from)
          ? "read-confirm-from-non-acceptor"
          : ballotRefusal("read-confirm", confirm.ballot());
    } else if (message instanceof JoinRequest request) {
      return request.node().equals(from) ? null : "join-for-another-node";
    }
    return null;
  }

  private String decisionRefusal(NodeId from, Decision decision) {
    if (!from.equals(known.ballotHeard().leader())) {
      return "decision-not-from-followed-leader";
    }
    if (!isReplica(from)
        && !views.viewAt(decision.slot()).replicas().contains(from)
        && !wasReplica(from)) {
      return "decision-from-non-member";
    }
    return null;
  }

  /**
   * Whether {@code node} may answer this replica's catch-up (decided slots, snapshots): a replica
   * of the view, or the leader of the highest ballot heard of, which a member or an acceptor of the
   * view vouched for (an acceptor promised that ballot, and takes a Prepare only from its own
   * leader), so it ran phase 1 in this instance. A correct replica reports only what was decided,
   * so that is safe; it is needed by a replica whose views name no current member (restarted empty
   * from a genesis view that named only itself: fresh seed 73001147 --named).
   */
  private boolean teaches(NodeId node) {
    NodeId leaderHeard = known.ballotHeard().leader();
    return isReplica(node)
        || (node.equals(leaderHeard) && !known.ballotHeard().equals(Ballot.ZERO));
  }

  private String catchUpReplyRefusal(NodeId from, CatchUpReply reply) {
    if (!teaches(from)) {
      return "catch-up-reply-from-non-member";
    }
    if (reply.fromSlot() > known.slotExecutedMax() + 1) {
      return "catch-up-reply-unasked";
    }
    return null;
  }

  private String heartbeatRefusal(NodeId from, Heartbeat heartbeat) {
    if (!from.equals(heartbeat.ballot().leader())) {
      return "heartbeat-for-another-leader";
    }
    if (!isReplica(from) && !wasReplica(from)) {
      return "heartbeat-from-non-member";
    }
    return ballotRefusal("heartbeat", heartbeat.ballot());
  }

  /**
   * A Promise is checked whole before any of its pvalues is merged: an acceptor's, for a ballot
   * within reach, reporting only what it can have accepted before promising (lower ballots, from
   * the slot asked for) and nothing beyond what this replica could ever hold ahead.
   */
  private String promiseRefusal(NodeId from, Promise promise) {
    if (!isAcceptor(from)) {
      return "promise-from-non-acceptor";
    }
    String ballot = ballotRefusal("promise", promise.ballot());
    if (ballot != null) {
      return ballot;
    }
    long slotMax = known.slotExecutedMax() + DecisionLog.AHEAD_MAX;
    for (PValue pvalue : promise.accepted()) {
      if (!pvalue.ballot().isBelow(promise.ballot())) {
        return "promise-pvalue-not-below-ballot";
      }
      if (pvalue.slot() < promise.fromSlot() || pvalue.slot() > slotMax) {
        return "promise-pvalue-slot-out-of-range";
      }
    }
    return null;
  }

  private String ballotRefusal(String kind, Ballot ballot) {
    return ballot.isWithinReachOf(known.ballotKnown()) ? null : kind + "-ballot-absurd";
  }

  /** A member of the view in any role: who may answer the leader's heartbeats. */
  private boolean isMember(NodeId node) {
    View latest = views.latest();
    View next = nextView();
    return isReplica(node)
        || latest.acceptors().contains(node)
        || latest.nameservers().contains(node)
        || next.acceptors().contains(node)
        || next.nameservers().contains(node);
  }

  /** An acceptor of a view governing a slot this replica may propose (the next WINDOW slots). */
  boolean isAcceptor(NodeId node) {
    if (views.latest().acceptors().contains(node) || nextView().acceptors().contains(node)) {
      return true;
    }
    long first = known.slotExecutedMax() + 1;
    for (long slot = first + 1; slot < first + View.WINDOW; slot++) {
      if (views.viewAt(slot).acceptors().contains(node)) {
        return true;
      }
    }
    return false;
  }

  private View nextView() {
    return views.viewAt(known.slotExecutedMax() + 1);
  }
}
