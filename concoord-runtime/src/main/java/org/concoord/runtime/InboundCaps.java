package org.concoord.runtime;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The inbound connections of a node, counted in all and by remote address, with the time each was
 * last heard from: a node refuses connections past {@link NetLimits#connectionsMax} or {@link
 * NetLimits#connectionsPerAddressMax}, and closes those silent for {@link NetLimits#idleMillis}.
 * (Without these, 2,000 idle sockets hold a 128 MiB heap.)
 *
 * <p>Not thread-safe: the node thread's.
 */
final class InboundCaps {
  private final NetLimits limits;
  private final LinkedHashSet<Connection> open = new LinkedHashSet<>();
  private final Map<InetAddress, Integer> byAddress = new HashMap<>();

  InboundCaps(NetLimits limits) {
    this.limits = limits;
  }

  /** Why a new connection from {@code remote} is refused, or null if it may stay. */
  String refusal(InetAddress remote) {
    if (open.size() >= limits.connectionsMax()) {
      return open.size()
          + " connections open, the most this node takes"
          + " (concoord.connections.max)";
    }
    int there = byAddress.getOrDefault(remote, 0);
    if (there >= limits.connectionsPerAddressMax()) {
      return there
          + " connections open from "
          + remote
          + ", the most from one address"
          + " (concoord.connections.per-address.max)";
    }
    return null;
  }

  void opened(Connection connection) {
    if (open.add(connection)) {
      byAddress.merge(connection.remote, 1, Integer::sum);
    }
  }

  void closed(Connection connection) {
    if (open.remove(connection)) {
      byAddress.computeIfPresent(connection.remote, (address, n) -> n == 1 ? null : n - 1);
    }
  }

  int size() {
    return open.size();
  }

  /** The connections silent for longer than the idle timeout at {@code nowMillis}. */
  List<Connection> idle(long nowMillis) {
    List<Connection> idle = new ArrayList<>();
    for (Connection connection : open) {
      if (nowMillis - connection.heardMillis > limits.idleMillis()) {
        idle.add(connection);
      }
    }
    return idle;
  }
}
