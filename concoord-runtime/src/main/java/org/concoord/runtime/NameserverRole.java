package org.concoord.runtime;

import java.util.List;
import java.util.logging.Logger;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.join.Joiner;
import org.concoord.core.join.JoiningLearner;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.learner.ViewLearner;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;

/**
 * A nameserver process's role: the core's {@link JoiningLearner} (asks the instance to add it as a
 * nameserver, then learns the views from the genesis view in the reply), publishing every view it
 * learns (and the moment it has caught up) to a {@link ViewFeed} for the DNS side.
 */
final class NameserverRole implements NodeRole {
  private static final Logger LOG = Logger.getLogger(NameserverRole.class.getName());

  private final NodeId self;
  private final JoiningLearner joining;
  private final ViewFeed feed;
  private LearnedView published;

  NameserverRole(NodeId self, List<NodeId> bootstrap, LearnerConfig config, ViewFeed feed) {
    this.self = self;
    this.joining = new JoiningLearner(self, bootstrap, Joiner.RETRY_TICKS, config, LOG::warning);
    this.feed = feed;
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    joining.onMessage(from, message, effects);
    maybePublish();
  }

  @Override
  public void onClientRequest(ClientRequest request, Effects effects) {
    // Clients talk to replicas; a nameserver ignores them (the client times out and moves on).
  }

  @Override
  public void onTick(Effects effects) {
    joining.onTick(effects);
    maybePublish();
  }

  private void maybePublish() {
    ViewLearner learner = joining.learner();
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
    ViewLearner learner = joining.learner();
    if (learner == null) {
      return new StatusReply(self, Role.NAMESERVER, false, Ballot.ZERO, null, 0, null);
    }
    // A nameserver's "executed" column shows the highest slot it has learned.
    return new StatusReply(
        self,
        Role.NAMESERVER,
        false,
        learner.ballotHeard(),
        learner.leaderHint(),
        learner.slotLearnedMax(),
        learner.view());
  }

  @Override
  public String describe() {
    return joining.describe();
  }
}
