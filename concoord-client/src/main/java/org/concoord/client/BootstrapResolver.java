package org.concoord.client;

import java.util.List;
import org.concoord.core.NodeId;

/**
 * Where a client looks for nodes. The client asks again before every pass over the nodes (at
 * start-up and on each failover), so a resolver backed by a naming service (a DNS name, in a later
 * issue) can follow membership changes; the list form ({@link StaticBootstrap}) never changes.
 * Implementations must be thread-safe and should answer quickly: the client's supervisor thread
 * calls them. A domain name ({@link DnsBootstrap}) is looked up again when every node it named has
 * failed ({@link #refresh}).
 */
public interface BootstrapResolver {
  /** The nodes to try, in the order to try them ({@code host:port} each). Never empty. */
  List<NodeId> nodes();

  /** What the user configured, for messages: e.g. {@code "a:7000,b:7000"}. */
  String describe();

  /**
   * Called when a pass over every node of {@link #nodes} failed: look again, and say whether the
   * nodes changed (then the client makes one more pass over the new ones). A fixed list never
   * changes.
   */
  default boolean refresh() {
    return false;
  }

  /**
   * The resolver for a bootstrap string: a comma-separated {@code host:port} list, or a domain name
   * with an optional DNS server, {@code DOMAIN[@SERVER[:PORT]]} ({@link DnsBootstrap}).
   *
   * @throws ConcoordUnavailableException if a domain's lookup finds no node
   */
  static BootstrapResolver of(String bootstrap) {
    return DnsBootstrap.isDomain(bootstrap)
        ? DnsBootstrap.resolve(bootstrap)
        : StaticBootstrap.parse(bootstrap);
  }
}
