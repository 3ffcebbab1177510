package org.concoord.nameserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.client.ConcoordClient;
import org.concoord.client.TypeRef;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A master nameserver's registry (the original's master): the domains registered in a replicated
 * {@code NameserverCoord} object, each with the nodes of the instance behind it ("REPLICA
 * host:port", ...), read through a ConCoord client every {@link #POLL_MILLIS} and turned into one
 * {@link Zone} per domain, served with this master as their only nameserver. A domain's SOA serial
 * is the time (in seconds) its nodes were last seen to change, and at least one more than before,
 * so it rises across restarts of the master too. Thread-safe: the zones are replaced whole.
 */
public final class CoordRegistry implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CoordRegistry.class.getName());

  /** How often the registry is read: a change shows within this, plus its decision. */
  static final long POLL_MILLIS = 250;

  /** Most domains served; more are ignored (and logged): the zones' memory is bounded. */
  static final int DOMAINS_MAX = 10_000;

  private final ConcoordClient client;
  private final SortedSet<NodeId> master;
  private final AtomicReference<Map<Name, Zone>> zones = new AtomicReference<>(Map.of());
  private final Map<Name, List<String>> seen = new HashMap<>(); // poll thread only
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long polls;

  private CoordRegistry(ConcoordClient client, NodeId master) {
    this.client = client;
    this.master = new TreeSet<>(List.of(master));
    this.thread = new Thread(this::run, "concoord-dns-registry");
    thread.setDaemon(true);
  }

  /** Reads the NameserverCoord object reached by {@code client}; {@code master} is the NS. */
  public static CoordRegistry start(ConcoordClient client, NodeId master) {
    CoordRegistry registry = new CoordRegistry(client, master);
    registry.thread.start();
    return registry;
  }

  /** The registered zone that holds {@code name} (the most specific), or null. */
  Zone find(Name name) {
    Map<Name, Zone> current = zones.get();
    for (Name n = name; n.labels() > 1; n = new Name(n, 1)) {
      Zone zone = current.get(n);
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  /** How many times the registry was read in full. */
  public long polls() {
    return polls;
  }

  private void run() {
    while (running) {
      try {
        poll();
        polls++;
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "reading the registry failed: " + e.getMessage());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void poll() {
    List<String> domains = client.invoke("domains", TypeRef.of(List.class, String.class));
    Map<Name, Zone> before = zones.get();
    Map<Name, Zone> next = new HashMap<>();
    Map<Name, List<String>> nodesNow = new HashMap<>();
    for (String domain : domains.subList(0, Math.min(domains.size(), DOMAINS_MAX))) {
      Name name;
      try {
        name = Name.fromString(domain, Name.root);
      } catch (TextParseException e) {
        continue; // not servable as DNS; the registry may hold it for other uses
      }
      List<String> nodes = client.invoke("lookup", TypeRef.of(List.class, String.class), domain);
      nodesNow.put(name, nodes);
      Zone old = before.get(name);
      if (old != null && nodes.equals(seen.get(name))) {
        next.put(name, old);
        continue;
      }
      long serial = Math.max(old == null ? 0 : old.serial() + 1, System.currentTimeMillis() / 1000);
      try {
        next.put(name, Zone.of(name, view(nodes), master, serial, true));
      } catch (IllegalArgumentException tooLong) {
        LOG.log(Level.WARNING, "cannot serve " + domain + ": " + tooLong.getMessage());
      }
    }
    if (domains.size() > DOMAINS_MAX) {
      LOG.log(Level.WARNING, domains.size() + " domains registered; serving " + DOMAINS_MAX);
    }
    seen.clear();
    seen.putAll(nodesNow);
    zones.set(Map.copyOf(next));
  }

  /** A view of the registered nodes, each "TYPE host:port". */
  static View view(List<String> nodes) {
    List<NodeId> replicas = new ArrayList<>();
    List<NodeId> acceptors = new ArrayList<>();
    List<NodeId> nameservers = new ArrayList<>();
    for (String node : nodes) {
      String[] parts = node.trim().split("\\s+");
      if (parts.length != 2
          || parts[1].isEmpty()
          || parts[1].length() > NodeId.ADDRESS_LENGTH_MAX) {
        continue;
      }
      NodeId id = NodeId.of(parts[1]);
      switch (parts[0]) {
        case "REPLICA" -> replicas.add(id);
        case "ACCEPTOR" -> acceptors.add(id);
        case "NAMESERVER" -> nameservers.add(id);
        default -> {} // the object checks types: nothing else is stored
      }
    }
    return new View(0, replicas, acceptors, nameservers);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    client.close();
  }
}
