package org.concoord.core.join;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.message.Reason;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.replica.Replica;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * A replica node's membership, before and after it is in the view: the join gating that the
 * runtime's {@code ReplicaRole} and the simulator's replica node both run. A joining replica has no
 * {@link Replica} yet: it asks through its {@link Joiner}, drops every peer message but a join
 * reply from a node it asked, and starts from the genesis view in the first accepted reply,
 * trusting the member that sent it ({@link Replica#sponsoredBy}). A started replica that finds
 * itself outside its newest view (removed while unreachable, or restarted from a state taken after
 * its removal or before its addition was decided) asks to be added again.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: time is the count of {@link #onTick} calls.
 */
public final class JoiningReplica {
  /** Creates the replica from a genesis view (the driver's object, observer and storage). */
  public interface Starter {
    Replica start(View genesis);
  }

  private final NodeId self;
  private final byte[] fingerprint;
  private final int retryTicks;
  private final Starter starter;
  private final Consumer<String> warn;
  private final Consumer<String> fatal;
  private Joiner joiner;
  private Replica replica;
  private boolean wasMember;
  private boolean ticked;
  private boolean retired;

  /**
   * {@code warn}: what a person should read (the runtime's log); {@code fatal}: a refusal no retry
   * can fix (the object's code differs from the instance's), after which the node stops.
   */
  public JoiningReplica(
      NodeId self,
      byte[] fingerprint,
      int retryTicks,
      Starter starter,
      Consumer<String> warn,
      Consumer<String> fatal) {
    this.self = self;
    this.fingerprint = fingerprint.clone();
    this.retryTicks = retryTicks;
    this.starter = starter;
    this.warn = warn;
    this.fatal = fatal;
  }

  /** Starts at once from {@code genesis}: the bootstrap replica, or one recovered from disk. */
  public Replica start(View genesis) {
    replica = starter.start(genesis);
    return replica;
  }

  /** Asks {@code bootstrap} to add this replica; it starts once a reply admits it. */
  public void join(List<NodeId> bootstrap) {
    joiner = new Joiner(self, Role.REPLICA, fingerprint, bootstrap, retryTicks, warn);
  }

  /** The replica, or null while it waits for its first accepted join reply. */
  public Replica replica() {
    return replica;
  }

  /**
   * Asks no more: a node removed on purpose (the simulator's removals; the runtime removes only
   * what its failure detector finds unreachable, which asks back) does not ask back.
   */
  public void retire() {
    retired = true;
  }

  public boolean isRetired() {
    return retired;
  }

  /** Whether it is asking to be added (a member's answer ends that). */
  public boolean isJoining() {
    return joiner != null && !joiner.isMember();
  }

  public void onMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
      onJoinReply(from, reply);
    } else if (replica != null) {
      replica.onMessage(from, message, effects);
    }
    // Not started: dropped, as a network may drop it; a member resends or the joiner asks again.
  }

  /** A client's watch: the replica's, or ended at once while it joins (it serves nothing yet). */
  public void onWatchRequest(WatchRequest request, Effects effects) {
    if (replica != null) {
      replica.onWatchRequest(request, effects);
    } else {
      effects.push(
          WatchEvent.refused(
              request, Reason.TRY_ANOTHER_REPLICA, "this replica is joining: watch on another"));
    }
  }

  /** A client's call: the replica's, or dropped while it joins (the client moves on). */
  public void onClientRequest(ClientRequest request, Effects effects) {
    if (replica != null) {
      replica.onClientRequest(request, effects);
    }
  }

  private void onJoinReply(NodeId from, JoinReply reply) {
    if (joiner == null || !joiner.asked(from)) {
      return; // not an answer to this node's request: whoever sent it, it means nothing here
    }
    if (!reply.accepted() && reply.code() == Reason.CODE_DIFFERS) {
      fatal.accept("refused by the instance: " + reply.reason());
      return;
    }
    joiner.onReply(reply);
    if (reply.accepted() && replica == null) {
      start(reply.genesis());
      replica.sponsoredBy(from);
    }
  }

  /** One tick: the joiner's, then the replica's; then whether it is still in its newest view. */
  public void onTick(Effects effects) {
    if (joiner != null && !retired) {
      joiner.onTick(effects);
    }
    if (replica != null) {
      replica.onTick(effects);
      noticeRemoval();
    }
  }

  /**
   * Outside its newest view: at its first tick (restarted from a state of before its addition or
   * after its removal), or after a tick inside it (it executed its own removal). It asks again, its
   * state kept: it catches up once it is back.
   */
  private void noticeRemoval() {
    boolean member = replica.isMember();
    boolean asking = isJoining();
    if (!member && !retired && (wasMember || (!ticked && !asking))) {
      if (wasMember) {
        warn.accept(
            self
                + " was removed from the view ("
                + replica.latestView()
                + "), "
                + "presumably while unreachable; asking to rejoin");
      }
      if (joiner == null) {
        List<NodeId> others = new ArrayList<>(replica.latestView().replicas());
        others.remove(self);
        if (!others.isEmpty()) {
          joiner = new Joiner(self, Role.REPLICA, fingerprint, others, retryTicks, warn);
        }
      }
      if (joiner != null) {
        joiner.rejoin();
      }
    }
    wasMember = member;
    ticked = true;
  }

  public String describe() {
    return replica == null ? self + " joining" : replica.describe();
  }
}
