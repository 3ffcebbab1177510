package org.concoord.core.join;

import java.util.List;
import java.util.function.Consumer;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.learner.LearnerConfig;
import org.concoord.core.learner.ViewLearner;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.view.Role;

/**
 * A nameserver node's membership: it asks to be added as a nameserver, starts a {@link ViewLearner}
 * from the genesis view in the first accepted reply (trusting the member that sent it), and drops
 * every other peer message until then. Run by the runtime's {@code NameserverRole} and by the
 * simulator's nameserver nodes.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
public final class JoiningLearner {
  private final NodeId self;
  private final Joiner joiner;
  private final LearnerConfig config;
  private ViewLearner learner;

  public JoiningLearner(
      NodeId self,
      List<NodeId> bootstrap,
      int retryTicks,
      LearnerConfig config,
      Consumer<String> warn) {
    this.self = self;
    this.joiner = new Joiner(self, Role.NAMESERVER, new byte[0], bootstrap, retryTicks, warn);
    this.config = config;
  }

  /** The learner, or null while it waits for its first accepted join reply. */
  public ViewLearner learner() {
    return learner;
  }

  public boolean isMember() {
    return joiner.isMember();
  }

  public void onMessage(NodeId from, Message message, Effects effects) {
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
  }

  public void onTick(Effects effects) {
    joiner.onTick(effects);
    if (learner != null) {
      learner.onTick(effects);
    }
  }

  public String describe() {
    return learner == null
        ? self + " joining as a nameserver"
        : learner.describe() + (joiner.isMember() ? "" : " joining");
  }
}
