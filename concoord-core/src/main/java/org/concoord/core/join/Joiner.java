package org.concoord.core.join;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
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
 * The member it asks hands the request to its {@code JoinDesk}, which queues the addition at the
 * leader: the one way a node enters a view (the runtime's nodes and the simulator's alike).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: time is the count of {@link #onTick} calls. What
 * a person should read (a join nobody answers, a reply from a node not asked) goes to the driver's
 * {@code warn}, the runtime's log.
 */
public final class Joiner {
  /** The runtime's ticks between join requests (1 s at 10 ms a tick). */
  public static final int RETRY_TICKS = 100;

  /** Nodes remembered as asked; a reply from an earlier one may still be on its way. */
  static final int ASKED_MAX = 64;

  /** Unanswered join requests between warnings (10 s in the runtime). */
  public static final int UNANSWERED_WARN_ATTEMPTS = 10;

  /** Requests sent since the last answer: a member's periodic probes are answered each time. */
  private int attempts;

  private final NodeId self;
  private final JoinRequest request;
  private final List<NodeId> bootstrap;
  private final int retryTicks;
  private final Consumer<String> warn;
  private int next;
  private NodeId hint;
  private long ticks;
  private long sentTicks;
  private boolean member;
  private String lastRefusal;
  private final LinkedHashSet<NodeId> asked = new LinkedHashSet<>();
  private long refusalLoggedTicks;

  /** The runtime's joiner: a request every {@link #RETRY_TICKS}. */
  public Joiner(
      NodeId self, Role role, byte[] fingerprint, List<NodeId> bootstrap, Consumer<String> warn) {
    this(self, role, fingerprint, bootstrap, RETRY_TICKS, warn);
  }

  /**
   * A joiner that asks every {@code retryTicks} (the simulator's ticks are shorter than the
   * runtime's 10 ms), and a tenth of that after a refusal that names whom to ask instead.
   */
  public Joiner(
      NodeId self,
      Role role,
      byte[] fingerprint,
      List<NodeId> bootstrap,
      int retryTicks,
      Consumer<String> warn) {
    if (bootstrap.isEmpty() || retryTicks < 1) {
      throw new IllegalArgumentException("a joiner needs a node to ask and a retry interval");
    }
    this.self = self;
    this.request = new JoinRequest(self, role, fingerprint);
    this.bootstrap = List.copyOf(bootstrap);
    this.retryTicks = retryTicks;
    this.warn = warn;
    this.sentTicks = -retryTicks;
    this.refusalLoggedTicks = -retryTicks;
  }

  public boolean isMember() {
    return member;
  }

  /** Asks to be added again (the node learned it was removed): from the next tick on. */
  public void rejoin() {
    member = false;
    hint = null;
    sentTicks = ticks - retryTicks;
  }

  public String lastRefusal() {
    return lastRefusal;
  }

  public void onTick(Effects effects) {
    ticks++;
    if (member || ticks - sentTicks < retryTicks) {
      return;
    }
    sentTicks = ticks;
    attempts++;
    if (attempts % UNANSWERED_WARN_ATTEMPTS == 0) {
      // Otherwise a node with a wrong or unreachable -b prints its banner and then nothing.
      warn.accept(
          "still not joined after "
              + attempts
              + " join requests (one a second) to "
              + bootstrap
              + (lastRefusal == null ? ", none answered" : ", last refusal: " + lastRefusal)
              + ": is -b right, and is that instance running and reachable?");
    }
    NodeId target = hint != null ? hint : bootstrap.get(next++ % bootstrap.size());
    hint = null;
    if (target.equals(self)) {
      return; // a node drops what it sends to itself (a removed node's own name in its view)
    }
    remember(target);
    effects.send(target, request);
  }

  /**
   * Whether this node sent a join request to {@code node}: only those may answer. A refused answer
   * is reported (at most once per retry interval): a bootstrap node named otherwise than it names
   * itself (a host name for its address, say) answers under its own name, and is ignored.
   */
  public boolean asked(NodeId node) {
    if (asked.contains(node)) {
      return true;
    }
    if (ticks - refusalLoggedTicks >= retryTicks) {
      refusalLoggedTicks = ticks;
      warn.accept(
          "ignored a join reply from "
              + node
              + ", which this node did not ask (it asked "
              + asked
              + "); name bootstrap nodes by the address they advertise");
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
  public JoinReply onReply(JoinReply reply) {
    // Any answer resets the count: a member acceptor re-asks every few seconds to learn whether
    // it was removed, and without the reset its answered probes added up to "none answered".
    attempts = 0;
    if (reply.member()) {
      member = true;
    } else if (!reply.accepted()) {
      lastRefusal = reply.reason();
      // A hint naming this node itself would go nowhere (a node drops messages to itself).
      hint = self.equals(reply.leaderHint()) ? null : reply.leaderHint();
      sentTicks = ticks - retryTicks + Math.max(1, retryTicks / 10); // soon, at the hinted leader
    }
    return reply;
  }
}
