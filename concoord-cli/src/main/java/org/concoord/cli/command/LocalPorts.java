package org.concoord.cli.command;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.runtime.Addresses;

/**
 * The ports a local {@code concoord initialize} gives its nodes: each port once (a node just
 * started may not have bound its port yet), and first the addresses it was told to reuse ({@code
 * concoord recover}: the survivors keep their addresses).
 */
final class LocalPorts {
  /**
   * Addresses (127.0.0.1:PORT) to start the first replicas and acceptors on, in order, before any
   * free port is chosen.
   */
  private final Map<String, ArrayDeque<String>> reusedAddresses = new HashMap<>();

  /** Ports handed out already: a node just started may not have bound its port yet. */
  private final Set<Integer> portsTaken = new HashSet<>();

  /** Starts the first nodes of {@code role} on {@code addresses}. */
  void reuse(String role, List<String> addresses) {
    reusedAddresses.put(role, new ArrayDeque<>(addresses));
    for (String address : addresses) {
      portsTaken.add(Addresses.parse(address).getPort());
    }
  }

  /** Whether {@code port} is not yet given to a node of this deployment (and now is). */
  boolean unused(int port) {
    return portsTaken.add(port);
  }

  /** The port of the next node of {@code role}: the next one to reuse, or else a free one. */
  int nodePort(String role, String host) {
    ArrayDeque<String> reused = reusedAddresses.get(role);
    return reused != null && !reused.isEmpty()
        ? Addresses.parse(reused.poll()).getPort()
        : Addresses.freePort(host, this::unused);
  }

  /** A free DNS port not yet given to a node of this deployment. */
  int dnsPort(String host) {
    int dnsPort = LocalNodes.freeDnsPort(host);
    while (!unused(dnsPort)) {
      dnsPort = LocalNodes.freeDnsPort(host);
    }
    return dnsPort;
  }
}
