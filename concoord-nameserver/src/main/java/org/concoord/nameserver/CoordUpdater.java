package org.concoord.nameserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.ViewFeed;

/**
 * A slave nameserver whose master is a ConCoord master nameserver (the original's design): on every
 * view change it calls {@code update(domain, nodes)} on the replicated {@code NameserverCoord}
 * object the master serves from, with every node of the view as "TYPE host:port". When and how
 * often is {@link ZonePusher}'s. Thread-safe.
 */
public final class CoordUpdater extends ZonePusher {
  private final ConcoordClient registry;
  private final String registryText;

  private CoordUpdater(String domain, NodeId self, ConcoordClient registry) {
    super(Nameserver.parseDomain(domain), self, "concoord-dns-coord");
    this.registry = registry;
    this.registryText = registry.bootstrap();
  }

  /** Registers {@code domain}'s view in the NameserverCoord reached by {@code registry}. */
  public static CoordUpdater start(
      String domain, NodeId self, ConcoordClient registry, ViewFeed feed) {
    CoordUpdater updater = new CoordUpdater(domain, self, registry);
    updater.start(feed);
    return updater;
  }

  @Override
  String target() {
    return "the NameserverCoord at " + registryText;
  }

  @Override
  void push(Zone zone, View view) {
    registry.invoke("update", void.class, domain.toString(), nodes(view));
  }

  /** Every node of {@code view} as "TYPE host:port", the registry's form. */
  static List<String> nodes(View view) {
    List<String> nodes = new ArrayList<>();
    for (Role role : Role.values()) {
      for (NodeId node : view.members(role)) {
        nodes.add(role.name().toUpperCase(Locale.ROOT) + " " + node.address());
      }
    }
    return nodes;
  }

  @Override
  public void close() {
    super.close();
    registry.close();
  }
}
