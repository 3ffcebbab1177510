package org.concoord.runtime;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.view.Role;

/**
 * Asks the instance, through the bootstrap nodes, to add this node, until a reply says it is a
 * member: one request per retry interval, to the leader named in the last refusal or else to the
 * next bootstrap node. Only a node it asked may answer ({@link #asked}): a join reply from anyone
 * else is not an answer, and would otherwise stop a joining node or bind it to another instance.
 */
final class Joiner {
  private static final Logger LOG = Logger.getLogger(Joiner.class.getName());

  /** Ticks between join requests (1 s at 10 ms a tick). */
  static final int RETRY_TICKS = 100;

  /** Nodes remembered as asked; a reply from an earlier one may still be on its way. */
  static final int ASKED_MAX = 64;

  /** Unanswered join requests between warnings (10 s). */
  static final int UNANSWERED_WARN_ATTEMPTS = 10;

  /** Requests sent since the last answer: a member's periodic probes are answered each time. */
  private int attempts;
  private final NodeId self;
  private final JoinRequest request;
  private final List<NodeId> bootstrap;
  private int next;
  private NodeId hint;
  private long ticks;
  private long sentTicks = -RETRY_TICKS;
  private boolean member;
  private String lastRefusal;
  private final LinkedHashSet<NodeId> asked = new LinkedHashSet<>();
  private long refusalLoggedTicks = -RETRY_TICKS;

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
    attempts++;
    if (attempts % UNANSWERED_WARN_ATTEMPTS == 0) {
      // Otherwise a node with a wrong or unreachable -b prints its banner and then nothing.
      LOG.warning("still not joined after " + attempts + " join requests (one a second) to "
          + bootstrap + (lastRefusal == null ? ", none answered" : ", last refusal: "
          + lastRefusal) + ": is -b right, and is that instance running and reachable?");
    }
    NodeId target = hint != null ? hint : bootstrap.get(next++ % bootstrap.size());
    hint = null;
    remember(target);
    effects.send(target, request);
  }

  /**
   * Whether this node sent a join request to {@code node}: only those may answer. A refused
   * answer is logged (at most once per retry interval): a bootstrap node named otherwise than it
   * names itself (a host name for its address, say) answers under its own name, and is ignored.
   */
  boolean asked(NodeId node) {
    if (asked.contains(node)) {
      return true;
    }
    if (ticks - refusalLoggedTicks >= RETRY_TICKS) {
      refusalLoggedTicks = ticks;
      LOG.warning("ignored a join reply from " + node + ", which this node did not ask (it asked "
          + asked + "); name bootstrap nodes by the address they advertise");
    }
    return false;
  }

  private void remember(NodeId target) {
    asked.remove(target);
    asked.add(target);
    if (asked.size() > ASKED_MAX) {
      Iterator<NodeId> eldest = asked.iterator();
      eldest.next();
      eldest.remove();
    }
  }

  /** Records the answer; returns it for the caller's own use (e.g. the genesis view). */
  JoinReply onReply(JoinReply reply) {
    // Any answer resets the count: a member acceptor re-asks every few seconds to learn whether
    // it was removed, and without the reset its answered probes added up to "none answered".
    attempts = 0;
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
