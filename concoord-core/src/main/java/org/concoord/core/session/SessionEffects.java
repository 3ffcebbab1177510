package org.concoord.core.session;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;

/**
 * What a {@link ClientSession} wants done, in order: requests to send, a move to another replica,
 * calls to complete or fail. The driver (the client library's threads, or the simulator) does them
 * and tells the session what came of it. Not thread-safe. Reusable: {@link #clear()} after
 * draining.
 */
public final class SessionEffects {
  /** One effect. */
  public sealed interface Effect permits Send, Move, Complete, Fail {}

  /** Send {@code request} to {@code target}, the replica the session is on. */
  public record Send(NodeId target, ClientRequest request) implements Effect {}

  /**
   * Leave the replica the session is on (close its connection) and find another: {@code hint} first
   * if not null, else the next one the driver knows. Answer with {@link ClientSession#onConnected}
   * or {@link ClientSession#onUnreachable}.
   */
  public record Move(NodeId hint, String why) implements Effect {}

  /** Call {@code id} got its final reply (OK, EXCEPTION, UNBLOCKED or REJECTED). */
  public record Complete(long id, ClientReply reply) implements Effect {}

  /** Call {@code id} ends without a final reply; its outcome is unknown. */
  public record Fail(long id, Failure failure, String why) implements Effect {}

  /** Why a call ends without a final reply. */
  public enum Failure {
    /**
     * The replicas expired the session while it was outstanding: it may have run before, so it is
     * not sent into the new session.
     */
    SESSION_EXPIRED,
    /** No replica could be reached. */
    UNAVAILABLE
  }

  private final List<Effect> effects = new ArrayList<>();

  void add(Effect effect) {
    effects.add(effect);
  }

  public List<Effect> list() {
    return effects;
  }

  public boolean isEmpty() {
    return effects.isEmpty();
  }

  public void clear() {
    effects.clear();
  }
}
