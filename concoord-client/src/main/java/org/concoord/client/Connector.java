package org.concoord.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.concoord.core.NodeId;

/**
 * Opens the {@link Link}'s connections: one pass over the nodes, the hint first, then the bootstrap
 * from the node after the last one used, each node getting an equal share of what is left of the
 * connect timeout, so one silent address cannot use up the whole budget. If all fail and the
 * resolver then names other nodes, one more pass over those. Supervisor thread only.
 */
final class Connector {
  private final BootstrapResolver resolver;
  private final ClientOptions options;
  private final Connection.Listener listener;
  private final String threadPrefix;
  private final BooleanSupplier closed;

  /** Index in the bootstrap list of the node a pass starts with. */
  private int cursor;

  Connector(
      BootstrapResolver resolver,
      ClientOptions options,
      Connection.Listener listener,
      String threadPrefix,
      BooleanSupplier closed) {
    this.resolver = resolver;
    this.options = options;
    this.listener = listener;
    this.threadPrefix = threadPrefix;
    this.closed = closed;
  }

  /**
   * A connection to {@code hint} or the next node that accepts.
   *
   * @param betweenNodes run after each node that failed (the link fails overdue calls there)
   * @throws ConcoordUnavailableException if no node accepted a connection
   */
  Connection connect(NodeId hint, Runnable betweenNodes) {
    try {
      return pass(hint, betweenNodes);
    } catch (ConcoordUnavailableException e) {
      // Every node named failed: a naming service may know newer ones (nodes replaced).
      if (closed.getAsBoolean() || !resolver.refresh()) {
        throw e;
      }
      return pass(null, betweenNodes);
    }
  }

  private Connection pass(NodeId hint, Runnable betweenNodes) {
    List<NodeId> nodes = resolver.nodes();
    Set<NodeId> order = new LinkedHashSet<>();
    if (hint != null) {
      order.add(hint);
    }
    for (int i = 0; i < nodes.size(); i++) {
      order.add(nodes.get((cursor + i) % nodes.size()));
    }
    long passStart = System.nanoTime();
    long budget = options.connectTimeout().toNanos();
    List<String> failures = new ArrayList<>();
    int left = order.size();
    for (NodeId node : order) {
      long remaining = budget - (System.nanoTime() - passStart);
      if (closed.getAsBoolean() || remaining <= 0) {
        break;
      }
      int shareMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining / left--));
      try {
        Connection opened =
            Connection.open(
                node,
                shareMillis,
                options.localAddress(),
                options.tls(),
                listener,
                threadPrefix + "-reader-" + node);
        int index = nodes.indexOf(node);
        if (index >= 0) {
          cursor = (index + 1) % nodes.size(); // the next failover starts after this node
        }
        return opened;
      } catch (IOException | IllegalArgumentException e) {
        failures.add(node + ": " + e.getMessage());
      }
      betweenNodes.run();
    }
    throw new ConcoordUnavailableException(
        "no node of bootstrap "
            + resolver.describe()
            + " accepted a connection within "
            + options.connectTimeout().toMillis()
            + " ms "
            + (!failures.isEmpty()
                ? failures.toString()
                : closed.getAsBoolean()
                    ? "(the client is closed)"
                    : "(the resolver named no node)"));
  }
}
