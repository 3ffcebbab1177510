package org.concoord.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.storage.InstanceMark;

/**
 * An acceptor process's role: the acceptor, plus asking the instance to add it. With a data
 * directory, the acceptor answers no Prepare or Propose until a join reply has shown that the
 * directory belongs to this instance ({@link InstanceMark}): recovered promises and pvalues of
 * another instance must never reach this one's leaders.
 */
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
  private final Path dataDir;
  private final Consumer<String> fatal;
  private boolean confirmed;

  /**
   * {@code acceptor}: new, or recovered from its log; either way it asks to (re)join. {@code
   * dataDir}: where its log is, or null when it keeps nothing on disk.
   */
  AcceptorRole(Acceptor acceptor, List<NodeId> bootstrap, Path dataDir, Consumer<String> fatal) {
    this.acceptor = acceptor;
    this.joiner = new Joiner(acceptor.self(), Role.ACCEPTOR, new byte[0], bootstrap);
    this.dataDir = dataDir;
    this.fatal = fatal;
    this.confirmed = dataDir == null;
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    if (message instanceof JoinReply reply) {
      if (!joiner.asked(from)) {
        return; // not an answer to this node's request: it must not confirm the data directory
      }
      if (probing && reply.accepted()) {
        probing = false;
        if (!reply.member()) {
          LOG.warning(acceptor.self() + " was removed from the view, presumably while "
              + "unreachable; it asked to rejoin and the leader queued it");
        }
      }
      joiner.onReply(reply);
      if (!confirmed && reply.accepted()) {
        confirm(reply.genesis());
      }
    } else if (confirmed) {
      acceptor.onMessage(from, message, effects);
    }
    // Unconfirmed: dropped, as a network may drop it; the leader resends.
  }

  /** Records the instance in a new data directory, or checks it against the one recorded. */
  private void confirm(View genesis) {
    String mark = InstanceMark.of(genesis);
    try {
      Optional<String> recorded = InstanceMark.read(dataDir);
      if (recorded.isEmpty()) {
        InstanceMark.write(dataDir, mark);
      } else if (!recorded.get().equals(mark)) {
        fatal.accept("data directory " + dataDir + " belongs to another instance ("
            + recorded.get() + "), not to this one (" + mark + "): give this acceptor its own"
            + " --data-dir, or remove that directory if its instance is gone");
        return;
      }
      confirmed = true;
    } catch (IOException e) {
      fatal.accept("cannot record the instance in " + dataDir + ": " + e);
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
        + acceptor.accepted().size() + (joiner.isMember() ? "" : " joining")
        + (confirmed ? "" : " waiting-for-instance") + "]";
  }
}
