package org.concoord.nameserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;
import org.concoord.runtime.LearnedView;
import org.concoord.runtime.ViewFeed;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The DNS side of a standalone nameserver: authoritative for one domain, answering from the newest
 * view its node has learned. Each view published to the {@link ViewFeed} becomes a new {@link
 * Zone}, swapped in at once, so answers follow the view as soon as the node learns it. Until the
 * node has caught up with the instance it answers SERVFAIL for names in the domain.
 */
public final class Nameserver implements AutoCloseable {
  private final Name domain;
  private final NodeId self;
  private final AtomicReference<Zone> zone = new AtomicReference<>();
  private final DnsServer server;

  private final CoordRegistry registry;

  private Nameserver(
      Name domain, NodeId self, InetSocketAddress bind, DnsLimits limits, CoordRegistry registry)
      throws IOException {
    this.domain = domain;
    this.self = self;
    this.registry = registry;
    zone.set(Zone.of(domain, new View(0, List.of(), List.of(), List.of()), self, 0, false));
    DnsResponder responder =
        registry == null ? new DnsResponder(zone::get) : new DnsResponder(this::zoneFor);
    this.server = new DnsServer(bind, responder, limits);
  }

  /** A master's zone for {@code name}: the most specific of its own and the registered ones. */
  private Zone zoneFor(Name name) {
    Zone own = zone.get();
    Zone registered = registry.find(name);
    if (registered == null) {
      return own; // answers REFUSED if the name is not in the own domain either
    }
    if (!name.subdomain(own.domain())) {
      return registered;
    }
    return registered.domain().labels() > own.domain().labels() ? registered : own;
  }

  /**
   * Serves {@code domain} on {@code bind} (UDP and TCP) from the views published to {@code feed} by
   * the node {@code self}.
   *
   * @throws IllegalArgumentException if {@code domain} is not a usable domain name
   * @throws IOException if the port cannot be bound for both UDP and TCP
   */
  public static Nameserver start(
      String domain, NodeId self, InetSocketAddress bind, ViewFeed feed, DnsLimits limits)
      throws IOException {
    return start(domain, self, bind, feed, limits, null);
  }

  /**
   * A master nameserver (the original's {@code --master}): serves {@code domain} from its own
   * instance's view as {@link #start} does, and every domain registered in the {@code
   * NameserverCoord} that {@code registry} reads, as its only nameserver.
   */
  public static Nameserver start(
      String domain,
      NodeId self,
      InetSocketAddress bind,
      ViewFeed feed,
      DnsLimits limits,
      CoordRegistry registry)
      throws IOException {
    Nameserver nameserver = new Nameserver(parseDomain(domain), self, bind, limits, registry);
    feed.subscribe(nameserver::onView);
    nameserver.server.start();
    return nameserver;
  }

  /** {@code domain} as an absolute name, checked for room for the names the zone puts below it. */
  public static Name parseDomain(String domain) {
    Name name;
    try {
      name = Name.fromString(domain, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: '" + domain + "': " + e.getMessage());
    }
    if (name.labels() < 2) {
      throw new IllegalArgumentException("not a domain name: '" + domain + "' is the root");
    }
    // The longest name below the domain: an SRV target for an IPv6 replica.
    Zone.of(
        name,
        new View(
            0,
            List.of(NodeId.of("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535")),
            List.of(),
            List.of()),
        NodeId.of("[::1]:65535"),
        0,
        false);
    return name;
  }

  private void onView(LearnedView learned) {
    zone.set(Zone.of(domain, learned.view(), self, learned.serial(), learned.caughtUp()));
  }

  /** Where DNS is served (the port chosen, if 0 was asked for). */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The SOA serial now served. */
  public long serial() {
    return zone.get().serial();
  }

  public DnsServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
    if (registry != null) {
      registry.close();
    }
  }
}
