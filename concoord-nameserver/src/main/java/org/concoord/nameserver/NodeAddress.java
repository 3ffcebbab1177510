package org.concoord.nameserver;

import org.concoord.core.NodeId;
import org.xbill.DNS.Address;

/**
 * A node's {@code host:port} as the zone needs it (of a node with a client port of its own, its
 * client address: the SRV records are for clients): the port, and the host as an IP address literal
 * (for A and AAAA records) or a host name (used as an SRV target as it stands). Parsing does no
 * lookup: a host name is not resolved here.
 *
 * @param host the host text without IPv6 brackets
 * @param port the port
 * @param ip the address bytes (4 or 16) if the host is an IP literal, else null
 */
record NodeAddress(String host, int port, byte[] ip) {
  /** The address of {@code node}, or null if its text is not {@code host:port}. */
  static NodeAddress of(NodeId node) {
    String text = node.clientAddress(); // where clients go, for a node with a client port too
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return null;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (host.isEmpty() || port < 1 || port > 65_535) {
      return null;
    }
    byte[] ip = Address.toByteArray(host, Address.IPv4);
    if (ip == null) {
      ip = Address.toByteArray(host, Address.IPv6);
    }
    return new NodeAddress(host, port, ip);
  }

  boolean isIpv4() {
    return ip != null && ip.length == 4;
  }

  boolean isIpv6() {
    return ip != null && ip.length == 16;
  }

  /**
   * A DNS label naming this address, stable while the node is in the view: {@code
   * replica-14123-127-0-0-1} for role {@code replica} at 127.0.0.1:14123. Only for IP literals.
   */
  String label(String role) {
    StringBuilder out = new StringBuilder(role).append('-').append(port).append('-');
    if (isIpv4()) {
      out.append(Address.toDottedQuad(ip).replace('.', '-'));
    } else {
      for (int i = 0; i < 16; i += 2) {
        out.append(Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff)));
        out.append(i < 14 ? "-" : "");
      }
    }
    return out.toString();
  }
}
