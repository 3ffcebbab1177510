package org.concoord.core.effects;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.concoord.core.NodeId;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Message;
import org.concoord.core.message.WatchEvent;

/**
 * What a role wants done, in order: durable writes, peer sends and client replies. The driver (the
 * runtime, or the simulator) must make every {@link Persist} in the buffer durable before it
 * releases any send or reply in the same buffer: that is the persist-before-send contract, and the
 * simulator checks it. Not thread-safe. Reusable: {@link #clear()} after draining.
 */
public final class Effects {
  /** One effect. */
  public sealed interface Effect permits Persist, Send, Reply, Push {}

  /** Make {@code write} durable. */
  public record Persist(DurableWrite write) implements Effect {}

  /** Send {@code message} to the peer {@code target}. */
  public record Send(NodeId target, Message message) implements Effect {}

  /** Deliver {@code reply} to the client {@code reply.clientId()} if it is connected here. */
  public record Reply(ClientReply reply) implements Effect {}

  /**
   * Deliver {@code event} to the watch {@code (event.clientId(), event.watchId())} if it was opened
   * here (issue 21); like a reply, it goes back on the connection the watch came on.
   */
  public record Push(WatchEvent event) implements Effect {}

  private final List<Effect> effects = new ArrayList<>();
  private int persistCount;

  public void persist(DurableWrite write) {
    effects.add(new Persist(Objects.requireNonNull(write, "write")));
    persistCount++;
  }

  public void send(NodeId target, Message message) {
    effects.add(new Send(Objects.requireNonNull(target), Objects.requireNonNull(message)));
  }

  public void broadcast(Collection<NodeId> targets, Message message) {
    for (NodeId target : targets) {
      send(target, message);
    }
  }

  public void reply(ClientReply reply) {
    effects.add(new Reply(Objects.requireNonNull(reply, "reply")));
  }

  public void push(WatchEvent event) {
    effects.add(new Push(Objects.requireNonNull(event, "event")));
  }

  /** The effects in the order they were emitted. */
  public List<Effect> list() {
    return effects;
  }

  /** Whether any send or reply here must wait for a sync. */
  public boolean needsSync() {
    return persistCount > 0;
  }

  public boolean isEmpty() {
    return effects.isEmpty();
  }

  public void clear() {
    effects.clear();
    persistCount = 0;
  }
}
