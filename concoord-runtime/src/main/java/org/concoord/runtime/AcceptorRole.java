package org.concoord.runtime;

import java.util.List;
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
  private final Acceptor acceptor;
  private final Joiner joiner;

  /** {@code acceptor}: new, or recovered from its log; either way it asks to (re)join. */
  AcceptorRole(Acceptor acceptor, List<NodeId> bootstrap) {
    this.acceptor = acceptor;
    this.joiner = new Joiner(acceptor.self(), Role.ACCEPTOR, new byte[0], bootstrap);
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
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
