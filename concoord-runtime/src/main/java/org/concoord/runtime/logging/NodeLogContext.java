package org.concoord.runtime.logging;

import java.util.Locale;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.slf4j.MDC;

/**
 * The node thread's logging context (SLF4J's MDC, so each log line of that thread names it): node
 * and role once, ballot and slot as they change, the method while a client call is handled. Node
 * thread only: the MDC is per thread.
 */
public final class NodeLogContext {
  private final String node;
  private final String role;
  private boolean entered;
  private String ballot = "";
  private long slot = -1;
  private boolean hasMethod;

  public NodeLogContext(NodeId node, Role role) {
    this.node = node.toString();
    this.role = role.name().toLowerCase(Locale.ROOT);
  }

  /** Each tick: the ballot this node knows and its highest executed slot. */
  public void update(String ballotKnown, long slotExecuted) {
    if (!entered) {
      MDC.put("node", node);
      MDC.put("role", role);
      entered = true;
    }
    if (!ballotKnown.equals(ballot)) {
      ballot = ballotKnown;
      MDC.put("ballot", ballot);
    }
    if (slotExecuted != slot) {
      slot = slotExecuted;
      MDC.put("slot", Long.toString(slot));
    }
    clearMethod();
  }

  /** A client's call to {@code method} is being handled. */
  public void method(String method) {
    MDC.put("method", method);
    hasMethod = true;
  }

  /** Any other step than a client call. */
  public void clearMethod() {
    if (hasMethod) {
      MDC.remove("method");
      hasMethod = false;
    }
  }
}
