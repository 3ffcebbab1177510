package org.concoord.nameserver;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;
import org.xbill.DNS.Name;

/** Views and zones for the tests. */
final class Views {
  static final Name DOMAIN = Name.fromConstantString("counterdomain.");
  static final NodeId SELF = NodeId.of("127.0.0.1:14500");

  private Views() {}

  static List<NodeId> nodes(String host, int firstPort, int count) {
    List<NodeId> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(NodeId.of(host + ":" + (firstPort + i)));
    }
    return nodes;
  }

  /** Two replicas on 127.0.0.1, one on ::1, one on a host name; two acceptors; one nameserver. */
  static View small() {
    List<NodeId> replicas = new ArrayList<>(nodes("127.0.0.1", 14123, 2));
    replicas.add(NodeId.of("[::1]:14125"));
    replicas.add(NodeId.of("node7.example.org:14126"));
    return new View(3, replicas, nodes("127.0.0.1", 14200, 2), List.of(SELF));
  }

  /** {@code count} replicas on as many addresses: far too many records for a UDP reply. */
  static View large(int count) {
    List<NodeId> replicas = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      replicas.add(NodeId.of("10.0." + (i / 250) + "." + (i % 250 + 1) + ":14123"));
    }
    return new View(1, replicas, nodes("127.0.0.1", 14200, 1), List.of(SELF));
  }

  static Zone zone(View view, long serial) {
    return Zone.of(DOMAIN, view, SELF, serial, true);
  }
}
