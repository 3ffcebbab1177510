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
import org.concoord.core.join.Joiner;
import org.concoord.core.join.JoiningAcceptor;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.storage.InstanceMark;

/**
 * An acceptor process's role: the core's {@link JoiningAcceptor} (the acceptor, asking the instance
 * to add it and probing its membership), plus the instance mark: with a data directory, the
 * acceptor answers no Prepare or Propose until a join reply has shown that the directory belongs to
 * this instance ({@link InstanceMark}).
 */
final class AcceptorRole implements NodeRole {
  private static final Logger LOG = Logger.getLogger(AcceptorRole.class.getName());

  private final Acceptor acceptor;
  private final JoiningAcceptor joining;
  private final Path dataDir;
  private final Consumer<String> fatal;

  /**
   * {@code acceptor}: new, or recovered from its log; either way it asks to (re)join. {@code
   * dataDir}: where its log is, or null when it keeps nothing on disk.
   */
  AcceptorRole(Acceptor acceptor, List<NodeId> bootstrap, Path dataDir, Consumer<String> fatal) {
    this.acceptor = acceptor;
    this.dataDir = dataDir;
    this.fatal = fatal;
    this.joining =
        new JoiningAcceptor(
            acceptor,
            bootstrap,
            Joiner.RETRY_TICKS,
            JoiningAcceptor.PROBE_TICKS,
            dataDir == null ? null : this::confirm,
            LOG::warning);
  }

  @Override
  public void onPeerMessage(NodeId from, Message message, Effects effects) {
    joining.onMessage(from, message, effects);
  }

  /**
   * Records the instance in a new data directory, or checks it against the one recorded: whether
   * the directory is this instance's (if not, the node stops).
   */
  private boolean confirm(View genesis) {
    String mark = InstanceMark.of(genesis);
    try {
      Optional<String> recorded = InstanceMark.read(dataDir);
      if (recorded.isEmpty()) {
        InstanceMark.write(dataDir, mark);
      } else if (!recorded.get().equals(mark)) {
        fatal.accept(
            "data directory "
                + dataDir
                + " belongs to another instance ("
                + recorded.get()
                + "), not to this one ("
                + mark
                + "): give this acceptor its own"
                + " --data-dir, or remove that directory if its instance is gone");
        return false;
      }
      return true;
    } catch (IOException e) {
      fatal.accept("cannot record the instance in " + dataDir + ": " + e);
      return false;
    }
  }

  @Override
  public void onClientRequest(ClientRequest request, Effects effects) {
    // Clients talk to replicas; an acceptor ignores them (the client times out and moves on).
  }

  @Override
  public void onTick(Effects effects) {
    joining.onTick(effects);
  }

  boolean isMember() {
    return joining.isMember();
  }

  @Override
  public StatusReply status() {
    // An acceptor's "executed" column shows how many slots it holds.
    return new StatusReply(
        acceptor.self(),
        Role.ACCEPTOR,
        false,
        acceptor.promised(),
        null,
        acceptor.accepted().size(),
        null);
  }

  @Override
  public String describe() {
    return acceptor.self()
        + "[acceptor promised="
        + acceptor.promised()
        + " accepted="
        + acceptor.accepted().size()
        + (joining.isMember() ? "" : " joining")
        + (joining.isConfirmed() ? "" : " waiting-for-instance")
        + "]";
  }
}
