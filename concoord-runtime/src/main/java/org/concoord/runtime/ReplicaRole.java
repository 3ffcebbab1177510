package org.concoord.runtime;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.storage.StorageConfig;

/**
 * A replica process's role: the bootstrap replica starts at once with a view of itself alone
 * (it serves once the first acceptor joins); a joining replica first asks to be added and starts
 * from the genesis view in the reply, catching up from the others.
 */
final class ReplicaRole implements NodeRole {
  private static final Logger LOG = Logger.getLogger(ReplicaRole.class.getName());

  /** Refusal texts that no retry can fix: the node reports them and stops. */
  static final String CODE_DIFFERS = "object code differs";

  private final NodeId self;
  private final StateMachine machine;
  private final byte[] fingerprint;
  private final ReplicaConfig config;
  private Joiner joiner;
  private boolean wasMember;
  private long viewEpoch = -1;
  private final Consumer<String> fatal;

  /**
   * Where this replica's durable state would go ({@code --data-dir}, {@code --durability}). Nothing
   * is written yet: replica snapshots come with issue 7's replica part.
   */
  private final StorageConfig storage;

  private Replica replica;

  ReplicaRole(
      NodeId self,
      StateMachine machine,
      byte[] fingerprint,
      ReplicaConfig config,
      List<NodeId> bootstrap,
      StorageConfig storage,
      Consumer<String> fatal) {
    this.self = self;
    this.storage = storage;
    this.machine = machine;
    this.fingerprint = fingerprint.clone();
    this.config = config;
    this.fatal = fatal;
    if (bootstrap.isEmpty()) {
      this.joiner = null;
      start(View.initial(List.of(self), List.of()));
    } else {
      this.joiner = new Joiner(self, Role.REPLICA, fingerprint, bootstrap);
    }
  }

  private void start(View genesis) {
    replica =
        new Replica(
            self, genesis, machine, fingerprint, config, new SplittableRandom(), Set.of(),
            new Observer() {
              @Override
              public void onRestored(NodeId node, long slot, int objectBytes, int sessions) {
                LOG.info(node + " caught up by snapshot: state restored as of slot " + slot
                    + " (object " + objectBytes + " bytes, " + sessions + " client sessions); "
                    + "the log follows from slot " + (slot + 1));
              }
            });
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
      onJoinReply(reply);
    } else if (replica != null) {
      replica.onMessage(from, message, effects);
    }
  }

  private void onJoinReply(JoinReply reply) {
    if (joiner == null) {
      return;
    }
    if (!reply.accepted() && reply.reason().startsWith(CODE_DIFFERS)) {
      fatal.accept("refused by the instance: " + reply.reason());
      return;
    }
    joiner.onReply(reply);
    if (reply.accepted() && replica == null) {
      start(reply.genesis());
    }
  }

  @Override
  public void onClientRequest(ClientRequest request, Effects effects) {
    if (replica != null) {
      replica.onClientRequest(request, effects);
    }
  }

  @Override
  public void onTick(Effects effects) {
    if (joiner != null) {
      joiner.onTick(effects);
    }
    if (replica != null) {
      replica.onTick(effects);
      noticeRemoval();
    }
  }

  /**
   * The replica executed its own removal (it was unreachable for longer than the instance allows):
   * it says so and asks to be added again; its state stays and catches up once it is back.
   */
  private void noticeRemoval() {
    View latest = replica.latestView();
    if (latest.epoch() != viewEpoch) {
      viewEpoch = latest.epoch();
      LOG.info(self + " learned view " + latest);
    }
    boolean member = replica.isMember();
    if (wasMember && !member) {
      LOG.warning(self + " was removed from the view (" + replica.latestView() + "), "
          + "presumably while unreachable; asking to rejoin");
      if (joiner == null) {
        joiner = new Joiner(self, Role.REPLICA, fingerprint,
            List.copyOf(replica.latestView().replicas()));
      }
      joiner.rejoin();
    }
    wasMember = member;
  }

  @Override
  public StatusReply status() {
    if (replica == null) {
      return new StatusReply(self, Role.REPLICA, false, Ballot.ZERO, null, 0, null);
    }
    return new StatusReply(self, Role.REPLICA, replica.isLeader(), replica.ballotKnown(),
        replica.leaderHint(), replica.slotExecutedMax(), replica.latestView());
  }

  @Override
  public String describe() {
    return replica == null ? self + " joining" : replica.describe();
  }
}
