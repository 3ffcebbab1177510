package org.concoord.runtime;

import java.util.List;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;

/** An acceptor process's role: the acceptor, plus asking the instance to add it. */
final class AcceptorRole implements NodeRole {
  /**
   * Ticks between membership probes (3 s): an acceptor is told nothing when it is removed, so it
   * asks again now and then; a "queued" answer means it had been removed, and is being re-added.
   */
  static final int PROBE_TICKS = 300;

  private static final Logger LOG = Logger.getLogger(AcceptorRole.class.getName());

  private final Acceptor acceptor;
  private final Joiner joiner;
  private int ticksSinceProbe;
  private boolean probing;

  AcceptorRole(NodeId self, List<NodeId> bootstrap) {
    this.acceptor = new Acceptor(self);
    this.joiner = new Joiner(self, Role.ACCEPTOR, new byte[0], bootstrap);
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
      if (probing && reply.accepted()) {
        probing = false;
        if (!reply.member()) {
          LOG.warning(acceptor.self() + " was removed from the view, presumably while "
              + "unreachable; it asked to rejoin and the leader queued it");
        }
      }
      joiner.onReply(reply);
    } else {
      acceptor.onMessage(from, message, effects);
    }
  }

  @Override
  public void onClientRequest(ClientRequest request, Effects effects) {
    // Clients talk to replicas; an acceptor ignores them (the client times out and moves on).
  }

  @Override
  public void onTick(Effects effects) {
    if (joiner.isMember() && ++ticksSinceProbe >= PROBE_TICKS) {
      ticksSinceProbe = 0;
      probing = true;
      joiner.rejoin();
    }
    joiner.onTick(effects);
  }

  boolean isMember() {
    return joiner.isMember();
  }

  @Override
  public StatusReply status() {
    // An acceptor's "executed" column shows how many slots it holds.
    return new StatusReply(acceptor.self(), Role.ACCEPTOR, false, acceptor.promised(), null,
        acceptor.accepted().size(), null);
  }

  @Override
  public String describe() {
    return acceptor.self() + "[acceptor promised=" + acceptor.promised() + " accepted="
        + acceptor.accepted().size() + (joiner.isMember() ? "" : " joining") + "]";
  }
}
