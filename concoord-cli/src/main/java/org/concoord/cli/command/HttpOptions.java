package org.concoord.cli.command;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.concoord.client.Relay;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.runtime.http.HttpApi;
import org.concoord.runtime.http.HttpApiConfig;
import picocli.CommandLine.Option;

/** {@code --http-port} and its companions: a replica's HTTP/JSON API (docs/http.md). */
final class HttpOptions {
  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "Serve the HTTP/JSON API (POST /v1/objects/default/METHOD) on this port, "
              + "HTTPS with client certificates like the client port unless --insecure "
              + "(0: a free one; default: none).")
  Integer port;

  @Option(
      names = "--http-address",
      paramLabel = "ADDR",
      description = "Address the HTTP API binds (default: the replica's -a address).")
  String address;

  @Option(
      names = "--http-body-max",
      paramLabel = "BYTES",
      description = "Largest request body accepted (default ${DEFAULT-VALUE}).")
  int bodyBytesMax = HttpApiConfig.BODY_BYTES_DEFAULT;

  @Option(
      names = "--http-connections-max",
      paramLabel = "N",
      description = "Open HTTP connections at most (default ${DEFAULT-VALUE}).")
  int connectionsMax = HttpApiConfig.CONNECTIONS_DEFAULT;

  @Option(
      names = "--http-pending-max",
      paramLabel = "N",
      description =
          "Calls this replica relays to the leader at once; past it a call is answered"
              + " 429 overloaded (default ${DEFAULT-VALUE}).")
  int pendingMax = HttpApiConfig.PENDING_DEFAULT;

  /**
   * Starts the API if asked for and prints where it listens; null if not. Calls are relayed to the
   * leader over the native protocol, starting with this replica ({@code self}), with this node's
   * credentials.
   */
  HttpApi start(
      Class<?> objectClass,
      String bindDefault,
      NodeId self,
      List<NodeId> others,
      TlsCredentials tls)
      throws IOException {
    if (port == null) {
      return null;
    }
    List<NodeId> nodes = new ArrayList<>();
    nodes.add(self);
    for (NodeId other : others) {
      if (!nodes.contains(other)) {
        nodes.add(other);
      }
    }
    Relay relay = new Relay(nodes, tls, pendingMax);
    HttpApiConfig config =
        new HttpApiConfig(
            new InetSocketAddress(address != null ? address : bindDefault, port),
            tls == null ? null : tls.context(),
            bodyBytesMax,
            connectionsMax,
            HttpApiConfig.THREADS_DEFAULT,
            HttpApiConfig.WAIT_MILLIS_MAX,
            pendingMax);
    HttpApi api = HttpApi.start(config, objectClass, relay);
    InetSocketAddress bound = api.address();
    System.out.println(
        "concoord http "
            + (tls == null ? "http" : "https")
            + "://"
            + bound.getHostString()
            + ":"
            + bound.getPort()
            + "/v1/objects/"
            + HttpApi.DEFAULT_OBJECT
            + " for "
            + self);
    System.out.flush();
    return api;
  }
}
