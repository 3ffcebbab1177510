package org.concoord.nameserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The records of one domain for one view, built once per view change and then only read.
 *
 * <ul>
 *   <li>the apex: SOA (serial: the view's change counter), NS (the view's nameservers), A and AAAA
 *       (the replicas' addresses), TXT (every node as "role host:port", one record each);
 *   <li>{@code _concoord._tcp.<domain>}: one SRV per replica (its port, and a target name in the
 *       zone whose A or AAAA is the replica's address, e.g. {@code replica-14123-127-0-0-1});
 *   <li>each nameserver's name ({@code ns-PORT-ADDRESS}) with its address, the NS glue.
 * </ul>
 *
 * A node whose host is a name, not an address, is named as it stands (an SRV or NS target outside
 * the zone) and adds no address record. Immutable and thread-safe; does no I/O.
 */
final class Zone {
  /** Every record's TTL, and the SOA minimum (negative caching): answers follow the view. */
  static final long TTL_SECONDS = 1;

  /** The SRV owner name, below the domain. */
  static final String SERVICE = "_concoord._tcp";

  /** What a lookup found. */
  enum Kind {
    ANSWER,
    NO_DATA,
    NO_SUCH_NAME,
    NOT_IN_ZONE
  }

  /** A lookup's outcome: the records of the answer, authority and additional sections. */
  record Answer(Kind kind, List<Record> answer, List<Record> authority, List<Record> additional) {}

  private final Name domain;
  private final long serial;
  private final boolean ready;
  private final SOARecord soa;
  private final Map<Name, Map<Integer, List<Record>>> records;
  private final Set<Name> names;

  private Zone(
      Name domain,
      long serial,
      boolean ready,
      SOARecord soa,
      Map<Name, Map<Integer, List<Record>>> records) {
    this.domain = domain;
    this.serial = serial;
    this.ready = ready;
    this.soa = soa;
    this.records = records;
    this.names = new HashSet<>();
    for (Name name : records.keySet()) {
      // A name exists, and so does every name between it and the apex (empty non-terminals).
      for (Name n = name; n.labels() >= domain.labels(); n = new Name(n, 1)) {
        names.add(n);
      }
    }
  }

  Name domain() {
    return domain;
  }

  long serial() {
    return serial;
  }

  /** Whether the view is current enough to serve; a zone that is not answers SERVFAIL. */
  boolean isReady() {
    return ready;
  }

  /**
   * The zone of {@code domain} (absolute) for {@code view}. {@code self} is named as the only
   * nameserver while the view has none (before this nameserver's join is decided).
   *
   * @throws IllegalArgumentException if the domain is too long for the names below it
   */
  static Zone of(Name domain, View view, NodeId self, long serial, boolean ready) {
    return of(
        domain,
        view,
        view.nameservers().isEmpty() ? new java.util.TreeSet<>(List.of(self)) : view.nameservers(),
        serial,
        ready);
  }

  /**
   * The zone of {@code domain} for {@code view}, with {@code nameservers} as its NS (a master
   * serving another instance's domain names itself, not that instance's nameservers).
   */
  static Zone of(
      Name domain, View view, SortedSet<NodeId> nameservers, long serial, boolean ready) {
    Builder zone = new Builder(domain);
    Name service = zone.below(SERVICE);
    for (NodeId replica : view.replicas()) {
      NodeAddress address = NodeAddress.of(replica);
      if (address == null) {
        continue;
      }
      Name target = zone.nameOf(address, "replica");
      zone.add(new SRVRecord(service, DClass.IN, TTL_SECONDS, 0, 1, address.port(), target));
      zone.addAddress(domain, address);
    }
    Name primary = null;
    for (NodeId nameserver : nameservers) {
      NodeAddress address = NodeAddress.of(nameserver);
      if (address != null) {
        Name name = zone.nameOf(address, "ns");
        primary = primary == null ? name : primary;
        zone.add(new NSRecord(domain, DClass.IN, TTL_SECONDS, name));
      }
    }
    for (Role role : Role.values()) {
      for (NodeId node : view.members(role)) {
        String text = role.name().toLowerCase(java.util.Locale.ROOT) + " " + node.address();
        zone.add(new TXTRecord(domain, DClass.IN, TTL_SECONDS, chunks(text)));
      }
    }
    Name admin = zone.below("hostmaster");
    SOARecord soa =
        new SOARecord(
            domain,
            DClass.IN,
            TTL_SECONDS,
            primary != null ? primary : domain,
            admin,
            serial & 0xffff_ffffL,
            60,
            10,
            3600,
            TTL_SECONDS);
    zone.add(soa);
    return new Zone(domain, serial, ready, soa, zone.records());
  }

  /** TXT strings are at most 255 bytes each (the text is ASCII: a role and an address). */
  static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 255) {
      out.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    return out;
  }

  /** The records of one name and type (empty if none). */
  List<Record> rrset(Name name, int type) {
    Map<Integer, List<Record>> at = records.get(name);
    return at == null ? List.of() : at.getOrDefault(type, List.of());
  }

  /** The SRV owner name of this zone. */
  Name service() {
    return Name.fromConstantString(SERVICE + "." + domain);
  }

  Answer lookup(Name name, int type) {
    if (!name.subdomain(domain)) {
      return new Answer(Kind.NOT_IN_ZONE, List.of(), List.of(), List.of());
    }
    Map<Integer, List<Record>> at = records.get(name);
    if (at == null) {
      return new Answer(
          names.contains(name) ? Kind.NO_DATA : Kind.NO_SUCH_NAME,
          List.of(),
          List.of(soa),
          List.of());
    }
    List<Record> answer;
    if (type == Type.ANY) {
      answer = new ArrayList<>();
      at.values().forEach(answer::addAll);
    } else {
      answer = at.getOrDefault(type, List.of());
    }
    if (answer.isEmpty()) {
      return new Answer(Kind.NO_DATA, List.of(), List.of(soa), List.of());
    }
    return new Answer(Kind.ANSWER, answer, List.of(), additional(answer));
  }

  /** The addresses of the names an answer points to (NS glue, SRV targets), when in the zone. */
  private List<Record> additional(List<Record> answer) {
    Set<Record> out = new LinkedHashSet<>();
    for (Record record : answer) {
      Name target = record.getAdditionalName();
      if (target == null || target.equals(record.getName())) {
        continue;
      }
      Map<Integer, List<Record>> at = records.get(target);
      if (at != null) {
        out.addAll(at.getOrDefault(Type.A, List.of()));
        out.addAll(at.getOrDefault(Type.AAAA, List.of()));
      }
    }
    return List.copyOf(out);
  }

  /** Collects records by name and type, each RRset without duplicates. */
  private static final class Builder {
    private final Name domain;
    private final Map<Name, Map<Integer, Set<Record>>> records = new LinkedHashMap<>();

    Builder(Name domain) {
      this.domain = domain;
    }

    Name below(String relative) {
      try {
        return Name.concatenate(Name.fromString(relative), domain);
      } catch (TextParseException | NameTooLongException e) {
        throw new IllegalArgumentException(
            "domain '" + domain + "' is too long for " + relative + " below it", e);
      }
    }

    /** The name of a node: in the zone for an IP literal (with its address), else its host. */
    Name nameOf(NodeAddress address, String role) {
      if (address.ip() == null) {
        try {
          return Name.fromString(address.host(), Name.root);
        } catch (TextParseException e) {
          return domain; // not a valid DNS name: point at the apex rather than fail the zone
        }
      }
      Name name = below(address.label(role));
      addAddress(name, address);
      return name;
    }

    void addAddress(Name name, NodeAddress address) {
      try {
        if (address.isIpv4()) {
          add(new ARecord(name, DClass.IN, TTL_SECONDS, address.ip()));
        } else if (address.isIpv6()) {
          add(new AAAARecord(name, DClass.IN, TTL_SECONDS, address.ip()));
        }
      } catch (IllegalArgumentException unreachable) {
        // the bytes come from an address parser: 4 or 16 of them
      }
    }

    void add(Record record) {
      records
          .computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
          .computeIfAbsent(record.getType(), t -> new LinkedHashSet<>())
          .add(record);
    }

    Map<Name, Map<Integer, List<Record>>> records() {
      Map<Name, Map<Integer, List<Record>>> out = new HashMap<>();
      records.forEach(
          (name, byType) -> {
            Map<Integer, List<Record>> copy = new LinkedHashMap<>();
            byType.forEach((type, set) -> copy.put(type, List.copyOf(set)));
            out.put(name, copy);
          });
      return out;
    }
  }
}
