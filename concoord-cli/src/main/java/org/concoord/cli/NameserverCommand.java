package org.concoord.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.concoord.core.NodeId;
import org.concoord.nameserver.DnsLimits;
import org.concoord.nameserver.Nameserver;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.Node;
import org.concoord.runtime.ViewFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord nameserver -n DOMAIN -b BOOTSTRAP -t 1 [-p 53] [--addr host:port]}: a node that
 * joins the instance as a learner of the view and answers DNS for the domain from it (the
 * tutorial's standalone nameserver). {@code -f} and {@code -c} are accepted, as in the original's
 * command line, but a nameserver runs no object code: they are only checked to exist.
 */
@Command(
    name = "nameserver",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a nameserver: it joins the instance, learns the view from its decisions and answers",
      "DNS for the domain (A, AAAA, SRV _concoord._tcp, TXT, NS, SOA) over UDP and TCP."
    })
final class NameserverCommand implements Callable<Integer> {
  @Option(names = "-n", required = true, description = "The domain to serve, e.g. counterdomain.")
  String domain;

  @Option(names = "-b", required = true,
      description = "Bootstrap: host:port[,host:port...] or DOMAIN[@DNS-SERVER[:PORT]].")
  String bootstrap;

  @Option(names = "-t", defaultValue = "1",
      description = "Type: 1 standalone (default). Slave (2) and Route 53 (3) are not built yet.")
  int type;

  @Option(names = "-p", defaultValue = "53",
      description = "DNS port, UDP and TCP (default ${DEFAULT-VALUE}; below 1024 needs privileges;"
          + " 0: a port free for both in 14000-15000).")
  int dnsPort;

  @Option(names = "--addr",
      description = "This node's peer address host:port, or host alone for a free port on it"
          + " (default 127.0.0.1 and a free port).")
  String peerAddress;

  @Option(names = "--listen",
      description = "Address to serve DNS on (default: the host of --addr).")
  String listen;

  @Option(names = "-f", description = "The object's file: accepted and ignored (no object code).")
  Path file;

  @Option(names = "-c", description = "The object's class: accepted and ignored.")
  String className;

  @Override
  public Integer call() throws Exception {
    if (type != 1) {
      System.err.println("concoord nameserver: -t " + type + " is not available yet; only -t 1"
          + " (standalone) is");
      return 2;
    }
    if (file != null && !Files.isRegularFile(file)) {
      System.err.println("concoord nameserver: -f " + file + ": no such file");
      return 2;
    }
    Nameserver.parseDomain(domain);
    NodeId self = NodeId.of(withPort(peerAddress != null ? peerAddress : "127.0.0.1"));
    InetSocketAddress peer = Addresses.parse(self.address());
    String dnsHost = listen != null ? listen : peer.getHostString();
    if (dnsPort == 0) {
      dnsPort = freeDnsPort(dnsHost);
    }
    InetSocketAddress dns = new InetSocketAddress(dnsHost, dnsPort);
    List<NodeId> nodes = Bootstraps.nodes(bootstrap);
    ViewFeed feed = new ViewFeed();
    Nameserver nameserver;
    try {
      nameserver = Nameserver.start(domain, self, dns, feed, DnsLimits.defaults());
    } catch (IOException e) {
      throw new IOException("cannot serve DNS on " + dns.getHostString() + ":" + dnsPort + " ("
          + e.getMessage() + ")" + (dnsPort < 1024 ? "; ports below 1024 need privileges: give"
          + " -p PORT" : ""), e);
    }
    Node node;
    try {
      node = Node.nameserver(self, peer, nodes, feed).start();
    } catch (IOException e) {
      nameserver.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(nameserver::close, "concoord-dns-stop"));
    System.out.println("concoord nameserver " + self + " for " + Nameserver.parseDomain(domain)
        + " answering DNS on " + nameserver.address().getHostString() + " port "
        + nameserver.address().getPort() + " (udp+tcp), joining " + bootstrap
        + (file != null ? " (-f/-c ignored: a nameserver runs no object code)" : ""));
    System.out.flush();
    return NodeProcess.runUntilStopped(node);
  }

  /**
   * {@code address} if it has a port, else {@code address} and a free port on it. An IPv6 address
   * has a port only in brackets ({@code [::1]:14123}); one without is given a port as
   * node addresses are written ({@code ::1:14123}).
   */
  static String withPort(String address) {
    boolean bracketed = address.startsWith("[");
    boolean hasPort = bracketed ? address.contains("]:")
        : address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':');
    if (hasPort) {
      return address;
    }
    String host = bracketed ? address.substring(1, address.length() - 1) : address;
    return host + ":" + Addresses.freePort(host);
  }

  /** A port in the tutorial's range that is free for both TCP and UDP on {@code host}. */
  static int freeDnsPort(String host) {
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < 50; i++) {
      int port = Addresses.PORT_MIN + random.nextInt(Addresses.PORT_MAX - Addresses.PORT_MIN + 1);
      try (ServerSocket tcp = new ServerSocket();
          DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, port))) {
        tcp.bind(new InetSocketAddress(host, port));
        return port;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException("no port free for both TCP and UDP in "
        + Addresses.PORT_MIN + "-" + Addresses.PORT_MAX);
  }
}
