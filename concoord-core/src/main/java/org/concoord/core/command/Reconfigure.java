package org.concoord.core.command;

import java.util.Objects;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;

/** Adds or removes one node of one role; decided like any command, applied WINDOW slots later. */
public record Reconfigure(boolean add, Role role, NodeId node) implements Command {
  public Reconfigure {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(node, "node");
  }

  public static Reconfigure add(Role role, NodeId node) {
    return new Reconfigure(true, role, node);
  }

  public static Reconfigure remove(Role role, NodeId node) {
    return new Reconfigure(false, role, node);
  }
}
