package org.concoord.objects;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.concoord.core.access.Access;
import org.concoord.core.access.AccessRole;

/**
 * The registry a master nameserver serves from: domain -> the nodes of the ConCoord instance behind
 * it, each as "TYPE host:port" with TYPE one of REPLICA, ACCEPTOR or NAMESERVER. Domain names are
 * compared lower-case with a trailing dot ("counter.example.org." and "Counter.Example.org" are one
 * domain); the original appended its own zone instead.
 */
public class NameserverCoord {
  private static final List<String> TYPES = List.of("ACCEPTOR", "NAMESERVER", "REPLICA");

  private final Map<String, SortedSet<String>> domains = new TreeMap<>();

  /** Adds a node of {@code type} at {@code hostPort} to {@code domain}; false if already there. */
  @Access(AccessRole.NAMESERVER)
  public boolean register(String domain, String type, String hostPort) {
    return domains
        .computeIfAbsent(normalize(domain), d -> new TreeSet<>())
        .add(node(type, hostPort));
  }

  /** Removes the node; false if it was not registered. Drops a domain left empty. */
  @Access(AccessRole.NAMESERVER)
  public boolean unregister(String domain, String type, String hostPort) {
    String name = normalize(domain);
    SortedSet<String> nodes = domains.get(name);
    boolean removed = nodes != null && nodes.remove(node(type, hostPort));
    if (nodes != null && nodes.isEmpty()) {
      domains.remove(name);
    }
    return removed;
  }

  /** Replaces the nodes of {@code domain} (each "TYPE host:port"); an empty list drops it. */
  @Access(AccessRole.NAMESERVER)
  public void update(String domain, List<String> nodes) {
    SortedSet<String> checked = new TreeSet<>();
    for (String node : nodes) {
      String[] parts = node.trim().split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException("a node is \"TYPE host:port\", got \"" + node + "\"");
      }
      checked.add(node(parts[0], parts[1]));
    }
    if (checked.isEmpty()) {
      domains.remove(normalize(domain));
    } else {
      domains.put(normalize(domain), checked);
    }
  }

  /** The nodes of {@code domain}, sorted; empty for an unknown domain. */
  @Access(AccessRole.READER)
  public List<String> lookup(String domain) {
    return List.copyOf(domains.getOrDefault(normalize(domain), new TreeSet<>()));
  }

  /** The "host:port" of the nodes of {@code type} in {@code domain}, sorted. */
  @Access(AccessRole.READER)
  public List<String> lookup(String domain, String type) {
    String prefix = checkType(type) + " ";
    return lookup(domain).stream()
        .filter(n -> n.startsWith(prefix))
        .map(n -> n.substring(prefix.length()))
        .toList();
  }

  /** Drops {@code domain}; throws NoSuchElementException if it is unknown. */
  @Access(AccessRole.NAMESERVER)
  public void removeDomain(String domain) {
    if (domains.remove(normalize(domain)) == null) {
      throw new NoSuchElementException("no domain " + normalize(domain));
    }
  }

  /** The registered domains, sorted. */
  @Access(AccessRole.READER)
  public List<String> domains() {
    return List.copyOf(domains.keySet());
  }

  private static String normalize(String domain) {
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("a domain needs a name");
    }
    String name = domain.trim().toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name : name + ".";
  }

  private static String node(String type, String hostPort) {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1 || hostPort.contains(" ")) {
      throw new IllegalArgumentException("a node address is host:port, got " + hostPort);
    }
    return checkType(type) + " " + hostPort;
  }

  private static String checkType(String type) {
    String upper = type == null ? "" : type.toUpperCase(Locale.ROOT);
    if (!TYPES.contains(upper)) {
      throw new IllegalArgumentException("a node type is one of " + TYPES + ", got " + type);
    }
    return upper;
  }

  @Override
  public String toString() {
    return "NameserverCoord " + domains;
  }
}
