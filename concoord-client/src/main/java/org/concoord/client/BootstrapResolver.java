package org.concoord.client;

import java.util.List;
import org.concoord.core.NodeId;

/**
 * Where a client looks for nodes. The client asks again before every pass over the nodes (at
 * start-up and on each failover), so a resolver backed by a naming service (a DNS name, in a
 * later issue) can follow membership changes; the list form ({@link StaticBootstrap}) never
 * changes. Implementations must be thread-safe and should answer quickly: the client's supervisor
 * thread calls them.
 */
public interface BootstrapResolver {
  /** The nodes to try, in the order to try them ({@code host:port} each). Never empty. */
  List<NodeId> nodes();

  /** What the user configured, for messages: e.g. {@code "a:7000,b:7000"}. */
  String describe();

  /** The resolver for a bootstrap string: today a comma-separated {@code host:port} list. */
  static BootstrapResolver of(String bootstrap) {
    return StaticBootstrap.parse(bootstrap);
  }
}
