package org.concoord.runtime;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.learner.ViewLearner;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;

/**
 * A nameserver process's role: asks the instance to add it as a nameserver, starts a {@link
 * ViewLearner} from the genesis view in the reply, and publishes every view it learns (and the
 * moment it has caught up) to a {@link ViewFeed} for the DNS side.
 */
final class NameserverRole implements NodeRole {
  private final NodeId self;
  private final Joiner joiner;
  private final LearnerConfig config;
  private final ViewFeed feed;
  private ViewLearner learner;
  private LearnedView published;

  NameserverRole(NodeId self, List<NodeId> bootstrap, LearnerConfig config, ViewFeed feed) {
    this.self = self;
    this.joiner = new Joiner(self, Role.NAMESERVER, new byte[0], bootstrap);
    this.config = config;
    this.feed = feed;
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
      if (!joiner.asked(from)) {
        return; // not an answer to this node's request
      }
      joiner.onReply(reply);
      if (reply.accepted() && learner == null) {
        learner = new ViewLearner(self, reply.genesis(), config);
        learner.sponsoredBy(from);
      }
    } else if (learner != null) {
      learner.onMessage(from, message, effects);
    }
    maybePublish();
  }

  @Override
  public void onClientRequest(ClientRequest request, Effects effects) {
    // Clients talk to replicas; a nameserver ignores them (the client times out and moves on).
  }

  @Override
  public void onTick(Effects effects) {
    joiner.onTick(effects);
    if (learner != null) {
      learner.onTick(effects);
    }
    maybePublish();
  }

  private void maybePublish() {
    if (learner == null) {
      return;
    }
    LearnedView now = new LearnedView(learner.view(), learner.serial(), learner.isCaughtUp());
    if (!now.equals(published)) {
      published = now;
      feed.publish(now);
    }
  }

  @Override
  public StatusReply status() {
    if (learner == null) {
      return new StatusReply(self, Role.NAMESERVER, false, Ballot.ZERO, null, 0, null);
    }
    // A nameserver's "executed" column shows the highest slot it has learned.
    return new StatusReply(self, Role.NAMESERVER, false, learner.ballotHeard(),
        learner.leaderHint(), learner.slotLearnedMax(), learner.view());
  }

  @Override
  public String describe() {
    return learner == null ? self + " joining as a nameserver" : learner.describe()
        + (joiner.isMember() ? "" : " joining");
  }
}
