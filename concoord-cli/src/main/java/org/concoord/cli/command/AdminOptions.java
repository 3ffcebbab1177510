package org.concoord.cli.command;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.concoord.runtime.Node;
import org.concoord.runtime.admin.AdminConfig;
import org.concoord.runtime.admin.AdminServer;
import picocli.CommandLine.Option;

/** {@code --admin-port} and its companions, shared by the node commands. */
final class AdminOptions {
  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics, /livez, /readyz, /status and the status page on this port "
              + "(0: a free one; default: no admin listener).")
  Integer port;

  @Option(
      names = "--admin-address",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address the admin listener binds (default ${DEFAULT-VALUE}: loopback only).")
  String address;

  @Option(
      names = "--ready-lag-slots",
      paramLabel = "SLOTS",
      description =
          "/readyz fails while this node lags the leader by more slots "
              + "(default ${DEFAULT-VALUE}).")
  long readyLagSlots = AdminConfig.READY_LAG_SLOTS_DEFAULT;

  /** Starts the admin listener if asked for, and prints where it listens; null if not. */
  AdminServer start(Node node, org.concoord.client.tls.TlsCredentials tls) throws IOException {
    if (port == null) {
      return null;
    }
    // A secure node's listener is HTTPS with its node certificate (client certificates of the
    // instance CA required), and asks the other nodes for /status over TLS the same way.
    if (tls != null) {
      // For the certificate-expiry alert and the status page.
      long notAfter = tls.certificate().getNotAfter().toInstant().getEpochSecond();
      node.metrics().certificateExpiry(notAfter);
    }
    AdminServer server =
        AdminServer.start(
            node.metrics().withJvm(),
            new AdminConfig(
                new InetSocketAddress(address, port),
                tls == null ? null : tls.context(),
                readyLagSlots),
            node.isReplica() ? node::backup : null);
    InetSocketAddress bound = server.address();
    System.out.println(
        "concoord admin "
            + (tls == null ? "http" : "https")
            + "://"
            + bound.getHostString()
            + ":"
            + bound.getPort()
            + "/ for "
            + node.self());
    System.out.flush();
    return server;
  }
}
