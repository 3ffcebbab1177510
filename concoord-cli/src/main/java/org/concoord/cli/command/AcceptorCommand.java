package org.concoord.cli.command;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.tls.TlsOptions;
import org.concoord.core.NodeId;
import org.concoord.runtime.Node;
import org.concoord.runtime.storage.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concoord acceptor -b bootstrap [--data-dir DIR] [--durability fsync|none]}: an acceptor
 * that joins the instance, or, restarted on its address and data directory, rejoins it with the
 * promises and accepted values of its write-ahead log.
 */
@Command(
    name = "acceptor",
    mixinStandardHelpOptions = true,
    description = "Starts an acceptor that joins the instance reached through the bootstrap.")
public final class AcceptorCommand implements Callable<Integer> {
  @Option(
      names = "-b",
      required = true,
      description = "Bootstrap: host:port[,host:port...] or DOMAIN[@DNS-SERVER[:PORT]].")
  String bootstrap;

  @Option(
      names = "-a",
      description = "Address to bind and advertise (default ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String address;

  @Option(names = "-p", description = "Port (default: a free one at random in 14000-15000).")
  Integer port;

  @Mixin StorageOptions storageOptions;

  @Mixin TlsOptions tls;

  @Mixin AdminOptions adminOptions;

  @Mixin LogOptions logOptions;

  @Override
  public Integer call() throws Exception {
    logOptions.apply();
    List<NodeId> nodes = Bootstraps.nodes(bootstrap);
    int chosen = port != null ? port : storageOptions.choosePort(address);
    NodeId self = NodeId.of(address + ":" + chosen);
    StorageConfig storage = storageOptions.resolve(self.address());
    org.concoord.client.tls.TlsCredentials credentials = tls.resolve(self);
    Node node =
        Node.acceptor(self, new InetSocketAddress(address, chosen), nodes, storage)
            .withTls(credentials)
            .start();
    System.out.println(
        "concoord acceptor "
            + self
            + " joining "
            + bootstrap
            + " ("
            + storage
            + "; "
            + node.recovery()
            + ")");
    System.out.flush();
    return NodeProcess.runUntilStopped(node, adminOptions, credentials);
  }
}
