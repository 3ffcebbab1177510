package org.concoord.core.command;

import java.util.List;
import java.util.Objects;

/**
 * The value decided in one slot: the commands the leader batched, in execution order, and the
 * leader's clock ({@code stampTicks}) when it proposed them. The stamp is the replicated clock:
 * reply cache expiry and anything an object calls "now" read it, never a replica's own clock. An
 * empty batch is a no-op (it fills gaps found in phase 1).
 */
public record Batch(long stampTicks, List<Command> commands) {
  public static final Batch NOOP = new Batch(0, List.of());

  public Batch {
    Objects.requireNonNull(commands, "commands");
    commands = List.copyOf(commands);
  }

  public boolean isNoop() {
    return commands.isEmpty();
  }
}
