package org.concoord.cli;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.core.NodeId;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code concoord acceptor -b bootstrap}: an acceptor that joins the instance. */
@Command(
    name = "acceptor",
    mixinStandardHelpOptions = true,
    description = "Starts an acceptor that joins the instance reached through the bootstrap.")
final class AcceptorCommand implements Callable<Integer> {
  @Option(names = "-b", required = true,
      description = "Bootstrap: host:port[,host:port...] or DOMAIN[@DNS-SERVER[:PORT]].")
  String bootstrap;

  @Option(names = "-a", description = "Address to bind and advertise (default ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String address;

  @Option(names = "-p", description = "Port (default: a free one at random in 14000-15000).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    List<NodeId> nodes = Bootstraps.nodes(bootstrap);
    int chosen = port != null ? port : Addresses.freePort(address);
    NodeId self = NodeId.of(address + ":" + chosen);
    Node node = Node.acceptor(self, new InetSocketAddress(address, chosen), nodes).start();
    System.out.println("concoord acceptor " + self + " joining " + bootstrap);
    System.out.flush();
    return NodeProcess.runUntilStopped(node);
  }
}
