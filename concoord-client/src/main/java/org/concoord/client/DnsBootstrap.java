package org.concoord.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.concoord.core.NodeId;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A bootstrap found by DNS: {@code DOMAIN}, or {@code DOMAIN@SERVER[:PORT]} to ask one DNS server
 * (a ConCoord nameserver, for setups without a delegation, e.g. {@code
 * counterdomain@127.0.0.1:5353}). The nodes are the targets of the SRV records of {@code
 * _concoord._tcp.DOMAIN} (lowest priority first, in random order within a priority, each with its
 * port and the address its target has); without them, the domain's A and AAAA records with {@link
 * #DEFAULT_PORT}. The name is looked up when the resolver is made and again whenever every node it
 * named has failed ({@link #refresh}), so a client follows nodes that join and leave.
 *
 * <p>Thread-safe: the list is replaced whole.
 */
public final class DnsBootstrap implements BootstrapResolver {
  /** The service name below the domain. */
  public static final String SERVICE = "_concoord._tcp";

  /** The port for nodes found by A or AAAA records alone. */
  public static final int DEFAULT_PORT = 14000;

  /** How long one DNS query may take (a lookup asks at most a few, one after the other). */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

  /** Most SRV targets whose addresses are looked up one by one (the rest must come as glue). */
  static final int TARGET_LOOKUPS_MAX = 32;

  private final String text;
  private final Name domain;
  private final Resolver resolver;
  private volatile List<NodeId> nodes;

  private DnsBootstrap(String text, Name domain, Resolver resolver) {
    this.text = text;
    this.domain = domain;
    this.resolver = resolver;
  }

  /**
   * Whether {@code bootstrap} names a domain rather than {@code host:port} nodes: it has an
   * {@code @}, or it is one entry without a port.
   */
  public static boolean isDomain(String bootstrap) {
    String text = bootstrap.strip();
    return !text.isEmpty() && !text.contains(",") && (text.contains("@") || !text.contains(":"));
  }

  /**
   * Parses and looks up {@code DOMAIN[@SERVER[:PORT]]}.
   *
   * @throws IllegalArgumentException if the text is not a domain and an optional server
   * @throws ConcoordUnavailableException if the lookup finds no node
   */
  public static DnsBootstrap resolve(String bootstrap) {
    Objects.requireNonNull(bootstrap, "bootstrap");
    String text = bootstrap.strip();
    int at = text.indexOf('@');
    String domainText = at < 0 ? text : text.substring(0, at);
    Name domain;
    try {
      domain = Name.fromString(domainText, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "bootstrap '" + bootstrap + "': '" + domainText + "' is not a domain name");
    }
    Resolver resolver =
        at < 0
            ? new ExtendedResolver()
            : new SimpleResolver(server(bootstrap, text.substring(at + 1)));
    resolver.setTimeout(QUERY_TIMEOUT);
    DnsBootstrap dns = new DnsBootstrap(text, domain, resolver);
    List<NodeId> found = dns.lookup();
    if (found.isEmpty()) {
      throw new ConcoordUnavailableException(
          "bootstrap "
              + text
              + ": no SRV record for "
              + SERVICE
              + "."
              + domain
              + " and no address for "
              + domain);
    }
    dns.nodes = found;
    return dns;
  }

  private static InetSocketAddress server(String bootstrap, String server) {
    try {
      if (server.startsWith("[") || server.chars().filter(c -> c == ':').count() == 1) {
        return StaticBootstrap.resolved(NodeId.of(server));
      }
      return new InetSocketAddress(server, 53);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bootstrap '" + bootstrap + "': the DNS server '" + server + "' is not host[:port]");
    }
  }

  @Override
  public List<NodeId> nodes() {
    return nodes;
  }

  @Override
  public String describe() {
    return text;
  }

  /** Looks the name up again; true if that found nodes and they differ from the last ones. */
  @Override
  public boolean refresh() {
    List<NodeId> found;
    try {
      found = lookup();
    } catch (RuntimeException e) {
      return false;
    }
    if (found.isEmpty() || Set.copyOf(found).equals(Set.copyOf(nodes))) {
      return false;
    }
    nodes = found;
    return true;
  }

  private List<NodeId> lookup() {
    Message srv = query(name(SERVICE), Type.SRV);
    List<NodeId> found = new ArrayList<>();
    if (srv != null) {
      TreeMap<Integer, List<SRVRecord>> byPriority = new TreeMap<>();
      for (Record record : srv.getSection(Section.ANSWER)) {
        if (record instanceof SRVRecord s) {
          byPriority.computeIfAbsent(s.getPriority(), p -> new ArrayList<>()).add(s);
        }
      }
      int lookups = 0;
      for (List<SRVRecord> group : byPriority.values()) {
        Collections.shuffle(group, ThreadLocalRandom.current());
        for (SRVRecord record : group) {
          List<String> hosts = addresses(srv, record.getTarget());
          if (hosts.isEmpty() && lookups++ < TARGET_LOOKUPS_MAX) {
            hosts = lookupAddresses(record.getTarget());
          }
          if (hosts.isEmpty()) {
            hosts = List.of(record.getTarget().toString(true)); // the system resolves it
          }
          for (String host : hosts) {
            found.add(NodeId.of(host + ":" + record.getPort()));
          }
        }
      }
    }
    if (found.isEmpty()) {
      for (String host : lookupAddresses(domain)) {
        found.add(NodeId.of(host + ":" + DEFAULT_PORT));
      }
    }
    return found;
  }

  private Name name(String relative) {
    try {
      return Name.concatenate(Name.fromString(relative), domain);
    } catch (IOException e) {
      throw new IllegalArgumentException("domain " + domain + " is too long", e);
    }
  }

  private List<String> lookupAddresses(Name name) {
    List<String> hosts = new ArrayList<>();
    for (int type : new int[] {Type.A, Type.AAAA}) {
      Message reply = query(name, type);
      if (reply != null) {
        hosts.addAll(addresses(reply, name));
      }
    }
    return hosts;
  }

  /** The addresses of {@code name} in any section of {@code reply}, as host text for a NodeId. */
  private static List<String> addresses(Message reply, Name name) {
    List<String> hosts = new ArrayList<>();
    for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
      for (Record record : reply.getSection(section)) {
        if (!record.getName().equals(name)) {
          continue;
        }
        if (record instanceof ARecord a) {
          hosts.add(a.getAddress().getHostAddress());
        } else if (record instanceof AAAARecord aaaa) {
          hosts.add("[" + aaaa.getAddress().getHostAddress() + "]");
        }
      }
    }
    return hosts;
  }

  /** One query; null if it failed or the answer was not NOERROR. */
  private Message query(Name name, int type) {
    try {
      Message reply = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
      return reply.getRcode() == Rcode.NOERROR ? reply : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "DnsBootstrap[" + text + " -> " + nodes + "]";
  }
}
