package org.concoord.cli.command;

import java.util.List;
import org.concoord.client.DnsBootstrap;
import org.concoord.core.NodeId;
import org.concoord.runtime.Addresses;

/**
 * A node's {@code -b}: a {@code host:port} list, or a domain name with an optional DNS server
 * ({@code counterdomain@127.0.0.1:5353}) looked up once, when the node starts.
 */
final class Bootstraps {
  private Bootstraps() {}

  /**
   * The nodes {@code bootstrap} names.
   *
   * @throws IllegalArgumentException if it is neither a list nor a domain
   * @throws org.concoord.client.ConcoordUnavailableException if a domain's lookup finds no node
   */
  static List<NodeId> nodes(String bootstrap) {
    return DnsBootstrap.isDomain(bootstrap)
        ? DnsBootstrap.resolve(bootstrap).nodes()
        : Addresses.parseList(bootstrap);
  }
}
