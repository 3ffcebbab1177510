package org.concoord.core.join;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;

/**
 * An acceptor node's membership: the join gating that the runtime's {@code AcceptorRole} and the
 * simulator's acceptor node both run. The acceptor, new or recovered from its log, asks to be added
 * and, as a member, asks again every {@code probeTicks}: nobody tells an acceptor it was removed,
 * and a "queued" answer to a probe means it had been, and is being added back. An acceptor whose
 * log may belong to another instance answers no peer until a join reply naming the genesis view (an
 * admission or a refusal) has shown that it is this one's ({@code belongs}, the runtime's instance
 * mark in the data directory): recovered promises and pvalues of another instance must never reach
 * this one's leaders.
 *
 * <p>Not thread-safe. Does no I/O itself (the driver's {@code belongs} may). Reads no clock.
 */
public final class JoiningAcceptor {
  /** The runtime's ticks between membership probes (3 s at 10 ms a tick). */
  public static final int PROBE_TICKS = 300;

  private final Acceptor acceptor;
  private final Joiner joiner;
  private final int probeTicks;
  private final Predicate<View> belongs;
  private final Consumer<String> warn;
  private int ticksSinceProbe;
  private boolean probing;
  private boolean confirmed;
  private boolean retired;

  /**
   * {@code belongs}: whether the log is this instance's, told the genesis view of the first
   * accepted reply (false: the node stops, the driver says why); null when the acceptor keeps
   * nothing another instance could have left, and answers from the start.
   */
  public JoiningAcceptor(
      Acceptor acceptor,
      List<NodeId> bootstrap,
      int retryTicks,
      int probeTicks,
      Predicate<View> belongs,
      Consumer<String> warn) {
    this.acceptor = acceptor;
    this.joiner =
        new Joiner(acceptor.self(), Role.ACCEPTOR, new byte[0], bootstrap, retryTicks, warn);
    this.probeTicks = probeTicks;
    this.belongs = belongs;
    this.warn = warn;
    this.confirmed = belongs == null;
  }

  public Acceptor acceptor() {
    return acceptor;
  }

  public void onMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
      onJoinReply(from, reply);
    } else if (confirmed) {
      acceptor.onMessage(from, message, effects);
    }
    // Unconfirmed: dropped, as a network may drop it; the leader resends.
  }

  private void onJoinReply(NodeId from, JoinReply reply) {
    if (!joiner.asked(from)) {
      return; // not an answer to this node's request: it must not confirm the data directory
    }
    if (probing && reply.accepted()) {
      probing = false;
      if (!reply.member()) {
        warn.accept(
            acceptor.self()
                + " was removed from the view, presumably while "
                + "unreachable; it asked to rejoin and the leader queued it");
      }
    }
    joiner.onReply(reply);
    if (!confirmed && reply.genesis() != null) {
      // Any reply naming the genesis view, a refusal too: a leader that needs this acceptor for
      // its quorum may not be active yet, and an active one is needed to accept a join.
      confirmed = belongs.test(reply.genesis());
    }
  }

  public void onTick(Effects effects) {
    if (retired && confirmed) {
      return; // asks no more; unconfirmed, it still needs a reply to answer its leaders again
    }
    if (joiner.isMember() && ++ticksSinceProbe >= probeTicks) {
      ticksSinceProbe = 0;
      probing = true;
      joiner.rejoin();
    }
    joiner.onTick(effects);
  }

  /**
   * Asks no more once confirmed: an acceptor removed on purpose (the simulator's removals; the
   * runtime removes only what its failure detector finds unreachable, which asks back) does not ask
   * back. Its removal may not be decided yet, so it still asks until a reply confirms it.
   */
  public void retire() {
    retired = true;
  }

  public boolean isMember() {
    return joiner.isMember();
  }

  /** Whether it answers peers: its log is known to be this instance's. */
  public boolean isConfirmed() {
    return confirmed;
  }
}
