package org.concoord.cli.command;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.cli.tls.TlsOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.nameserver.CoordRegistry;
import org.concoord.nameserver.CoordUpdater;
import org.concoord.nameserver.DnsLimits;
import org.concoord.nameserver.MasterUpdater;
import org.concoord.nameserver.Nameserver;
import org.concoord.nameserver.Route53Config;
import org.concoord.nameserver.Route53Updater;
import org.concoord.nameserver.TsigKeys;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.Node;
import org.concoord.runtime.ViewFeed;
import org.xbill.DNS.TSIG;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concoord nameserver -n DOMAIN -b BOOTSTRAP -t 1 [-p 53] [--addr host:port]}: a node that
 * joins the instance as a learner of the view and answers DNS for the domain from it (the
 * tutorial's standalone nameserver); with {@code --master} also every domain registered in the
 * instance's NameserverCoord object. With {@code -t 2 -m MASTER[:PORT] [--tsig-file KEY]} it serves
 * no DNS itself but updates a master DNS server (RFC 2136, TSIG) on every view change, or with
 * {@code -t 2 --coord BOOTSTRAP} registers the view in a NameserverCoord instance; with {@code -t 3
 * -o FILE} it updates a Route 53 hosted zone. {@code -f} and {@code -c} are accepted, as in the
 * original's command line, but a nameserver runs no object code: they are only checked to exist.
 */
@Command(
    name = "nameserver",
    mixinStandardHelpOptions = true,
    description =
        "Starts a nameserver: it joins the instance, learns the view from its"
            + " decisions and answers DNS for the domain (A, AAAA, SRV _concoord._tcp, TXT, NS, SOA) over UDP and TCP.")
public final class NameserverCommand implements Callable<Integer> {
  @Option(names = "-n", required = true, description = "The domain to serve, e.g. counterdomain.")
  String domain;

  @Option(
      names = "-b",
      required = true,
      description = "Bootstrap: host:port[,host:port...] or DOMAIN[@DNS-SERVER[:PORT]].")
  String bootstrap;

  @Option(
      names = "-t",
      defaultValue = "1",
      description =
          "Type: 1 standalone (default), 2 slave (updates the master -m), 3 Route 53"
              + " (updates the hosted zone of -o).")
  int type;

  @Option(
      names = "-o",
      description = "With -t 3: the Route 53 configuration (hosted-zone-id, credentials...).")
  Path route53Config;

  @Option(
      names = "-m",
      description = "With -t 2: the master DNS server to update, host[:port] (port 53 if none).")
  String masterServer;

  @Option(
      names = "--coord",
      description =
          "With -t 2: update the NameserverCoord instance at this bootstrap (a ConCoord"
              + " master nameserver serves from it) instead of a DNS master.")
  String coord;

  @Option(
      names = "--master",
      description =
          "With -t 1: also serve every domain registered in the NameserverCoord object"
              + " of the instance this nameserver joins (-b).")
  boolean master;

  @Option(
      names = "--zone",
      description = "With -t 2: the master's zone holding the domain (default: the domain).")
  String zone;

  @Option(
      names = "--tsig-file",
      description = "With -t 2: the TSIG key for updates, in BIND's syntax (tsig-keygen).")
  Path tsigFile;

  @Option(
      names = "-p",
      defaultValue = "53",
      description =
          "DNS port, UDP and TCP (default ${DEFAULT-VALUE}; below 1024 needs privileges;"
              + " 0: a port free for both in 14000-15000).")
  int dnsPort;

  @Option(
      names = "--addr",
      description =
          "This node's peer address host:port, or host alone for a free port on it"
              + " (default 127.0.0.1 and a free port).")
  String peerAddress;

  @Option(
      names = "--listen",
      description = "Address to serve DNS on (default: the host of --addr).")
  String listen;

  @Option(names = "-f", description = "The object's file: accepted and ignored (no object code).")
  Path file;

  @Option(names = "-c", description = "The object's class: accepted and ignored.")
  String className;

  @picocli.CommandLine.Mixin TlsOptions tls;

  @Option(
      names = "--rate-limit",
      paramLabel = "N",
      description =
          "UDP responses a second to one source address, twice that at once; queries"
              + " beyond get none (response rate limiting; 0: off; default ${DEFAULT-VALUE}).")
  int rateLimit = DnsLimits.RESPONSES_PER_SECOND_DEFAULT;

  private org.concoord.client.tls.TlsCredentials credentials;

  /** A nameserver calls objects (its registry) as itself: its node certificate is its principal. */
  private org.concoord.client.ClientOptions clientOptions() {
    return org.concoord.client.ClientOptions.defaults().withTls(credentials);
  }

  @Mixin AdminOptions adminOptions;

  @Mixin LogOptions logOptions;

  @Override
  public Integer call() throws Exception {
    logOptions.apply();
    String invalid = invalidOptions();
    if (invalid != null) {
      System.err.println("concoord nameserver: " + invalid);
      return 2;
    }
    Nameserver.parseDomain(domain);
    NodeId self = NodeId.of(withPort(peerAddress != null ? peerAddress : "127.0.0.1"));
    InetSocketAddress peer = Addresses.parse(self.address());
    String dnsHost = listen != null ? listen : peer.getHostString();
    if (dnsPort == 0) {
      dnsPort = LocalNodes.freeDnsPort(dnsHost);
    }
    InetSocketAddress dns = new InetSocketAddress(dnsHost, dnsPort);
    List<NodeId> nodes = Bootstraps.nodes(bootstrap);
    ViewFeed feed = new ViewFeed();
    credentials = tls.resolve(self);
    if (type == 2) {
      return slave(self, peer, nodes, feed);
    }
    if (type == 3) {
      return route53(self, peer, nodes, feed);
    }
    return standalone(self, peer, dns, nodes, feed);
  }

  /** What is wrong with the options, in the operator's words; null: nothing. */
  private String invalidOptions() {
    if (type < 1 || type > 3) {
      return "-t " + type + " is not a type: 1 (standalone)," + " 2 (slave) or 3 (Route 53)";
    }
    if (type == 3 && route53Config == null) {
      return "-t 3 needs -o FILE, the Route 53 configuration";
    }
    if (type == 2 && (masterServer == null) == (coord == null)) {
      return "-t 2 needs -m MASTER[:PORT], the DNS server to"
          + " update, or --coord BOOTSTRAP, a NameserverCoord instance (one of them)";
    }
    if (master && type != 1) {
      return "--master serves DNS: it goes with -t 1";
    }
    if (file != null && !Files.isRegularFile(file)) {
      return "-f " + file + ": no such file";
    }
    return null;
  }

  /** {@code -t 1}: serves DNS here (and, as master, every domain its NameserverCoord holds). */
  private int standalone(
      NodeId self, InetSocketAddress peer, InetSocketAddress dns, List<NodeId> nodes, ViewFeed feed)
      throws Exception {
    CoordRegistry registry =
        master
            ? CoordRegistry.start(ConcoordClient.connect(bootstrap, clientOptions()), self)
            : null;
    Nameserver nameserver = serveDns(self, dns, feed, registry);
    Node node;
    try {
      node = Node.nameserver(self, peer, nodes, feed).withTls(credentials).start();
    } catch (IOException e) {
      nameserver.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(nameserver::close, "concoord-dns-stop"));
    System.out.println(
        "concoord nameserver "
            + self
            + " for "
            + Nameserver.parseDomain(domain)
            + " answering DNS on "
            + nameserver.address().getHostString()
            + " port "
            + nameserver.address().getPort()
            + " (udp+tcp)"
            + (master ? " and every domain registered in its NameserverCoord" : "")
            + ", joining "
            + bootstrap
            + (file != null ? " (-f/-c ignored: a nameserver runs no object code)" : ""));
    System.out.flush();
    return NodeProcess.runUntilStopped(node, adminOptions, credentials);
  }

  /** Starts serving DNS on {@code dns}; a port it cannot bind is named (and why). */
  private Nameserver serveDns(
      NodeId self, InetSocketAddress dns, ViewFeed feed, CoordRegistry registry)
      throws IOException {
    try {
      return Nameserver.start(
          domain,
          self,
          dns,
          feed,
          DnsLimits.defaults().withResponsesPerSecond(rateLimit),
          registry);
    } catch (IOException e) {
      if (registry != null) {
        registry.close();
      }
      throw new IOException(
          "cannot serve DNS on "
              + dns.getHostString()
              + ":"
              + dnsPort
              + " ("
              + e.getMessage()
              + ")"
              + (dnsPort < 1024 ? "; ports below 1024 need privileges: give" + " -p PORT" : ""),
          e);
    }
  }

  /** {@code -t 2}: no DNS served here; every view goes to the master as a dynamic update. */
  private int slave(NodeId self, InetSocketAddress peer, List<NodeId> nodes, ViewFeed feed)
      throws Exception {
    if (coord != null) {
      ConcoordClient registry = ConcoordClient.connect(coord, clientOptions());
      CoordUpdater updater = CoordUpdater.start(domain, self, registry, feed);
      Node node = Node.nameserver(self, peer, nodes, feed).withTls(credentials).start();
      Runtime.getRuntime().addShutdownHook(new Thread(updater::close, "concoord-dns-stop"));
      System.out.println(
          "concoord nameserver "
              + self
              + " for "
              + Nameserver.parseDomain(domain)
              + " registering its view in the NameserverCoord at "
              + coord
              + ", joining "
              + bootstrap);
      System.out.flush();
      return NodeProcess.runUntilStopped(node, adminOptions, credentials);
    }
    InetSocketAddress masterAddress =
        masterServer.lastIndexOf(':') > masterServer.lastIndexOf(']')
            ? Addresses.parse(masterServer)
            : new InetSocketAddress(masterServer.replaceAll("[\\[\\]]", ""), 53);
    TSIG key = tsigFile == null ? null : TsigKeys.read(tsigFile);
    MasterUpdater updater = MasterUpdater.start(domain, zone, self, masterAddress, key, feed);
    Node node = Node.nameserver(self, peer, nodes, feed).withTls(credentials).start();
    Runtime.getRuntime().addShutdownHook(new Thread(updater::close, "concoord-dns-stop"));
    System.out.println(
        "concoord nameserver "
            + self
            + " for "
            + Nameserver.parseDomain(domain)
            + " updating the master "
            + masterAddress.getHostString()
            + ":"
            + masterAddress.getPort()
            + (key == null ? " (no TSIG key)" : " signing with the TSIG key in " + tsigFile)
            + ", joining "
            + bootstrap);
    System.out.flush();
    return NodeProcess.runUntilStopped(node, adminOptions, credentials);
  }

  /** {@code -t 3}: no DNS served here; every view goes to Route 53. */
  private int route53(NodeId self, InetSocketAddress peer, List<NodeId> nodes, ViewFeed feed)
      throws Exception {
    Route53Config config = Route53Config.read(route53Config);
    Route53Updater updater = Route53Updater.start(domain, self, config, feed);
    Node node = Node.nameserver(self, peer, nodes, feed).withTls(credentials).start();
    Runtime.getRuntime().addShutdownHook(new Thread(updater::close, "concoord-route53-stop"));
    System.out.println(
        "concoord nameserver "
            + self
            + " for "
            + Nameserver.parseDomain(domain)
            + " updating "
            + config
            + ", joining "
            + bootstrap);
    System.out.flush();
    return NodeProcess.runUntilStopped(node, adminOptions, credentials);
  }

  /**
   * {@code address} if it has a port, else {@code address} and a free port on it. An IPv6 address
   * has a port only in brackets ({@code [::1]:14123}); one without is given a port as node
   * addresses are written ({@code ::1:14123}).
   */
  static String withPort(String address) {
    boolean bracketed = address.startsWith("[");
    boolean hasPort =
        bracketed
            ? address.contains("]:")
            : address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':');
    if (hasPort) {
      return address;
    }
    String host = bracketed ? address.substring(1, address.length() - 1) : address;
    return host + ":" + Addresses.freePort(host);
  }
}
