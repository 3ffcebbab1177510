package org.concoord.nameserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;
import org.concoord.runtime.ViewFeed;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A slave nameserver's DNS side (the original's {@code -t 2}): on every view change it updates a
 * master DNS server by RFC 2136 dynamic update, signed with TSIG, so that the master answers for
 * the domain. It replaces the domain's A, AAAA and TXT records, the SRV records of {@code
 * _concoord._tcp.DOMAIN} and the per-replica names the SRV records point to (deleting those of
 * replicas that left, as the master's current SRV answer names them), leaving the master's own SOA
 * and NS alone. The records are those a standalone nameserver serves ({@link Zone}); when and how
 * often is {@link ZonePusher}'s. Thread-safe.
 */
public final class MasterUpdater extends ZonePusher {
  private final Name zone;
  private final SimpleResolver master;
  private final InetSocketAddress masterAddress;

  private MasterUpdater(
      Name domain, Name zone, NodeId self, InetSocketAddress masterAddress, TSIG key) {
    super(domain, self, "concoord-dns-update");
    this.zone = zone;
    this.masterAddress = masterAddress;
    this.master = new SimpleResolver(masterAddress);
    master.setTCP(true); // an update for a large view does not fit a datagram
    master.setTimeout(Duration.ofSeconds(5));
    if (key != null) {
      master.setTSIGKey(key);
    }
  }

  /**
   * Updates the zone {@code zone} (the domain itself, or a zone above it) at {@code master} with
   * the records of {@code domain} for every view published to {@code feed}.
   *
   * @param key the TSIG key the master requires for updates, or null
   */
  public static MasterUpdater start(
      String domain, String zone, NodeId self, InetSocketAddress master, TSIG key, ViewFeed feed) {
    Name domainName = Nameserver.parseDomain(domain);
    Name zoneName = zone == null ? domainName : Nameserver.parseDomain(zone);
    if (!domainName.subdomain(zoneName)) {
      throw new IllegalArgumentException("domain " + domainName + " is not in zone " + zoneName);
    }
    MasterUpdater updater = new MasterUpdater(domainName, zoneName, self, master, key);
    updater.start(feed);
    return updater;
  }

  @Override
  String target() {
    return "zone " + zone + " at " + masterAddress.getHostString() + ":" + masterAddress.getPort();
  }

  /** One update replacing this domain's records with the zone's. */
  @Override
  void push(Zone desired, View view) throws IOException {
    Update update = new Update(zone);
    for (int type : new int[] {Type.A, Type.AAAA, Type.TXT}) {
      update.delete(domain, type);
      desired.rrset(domain, type).forEach(update::add);
    }
    Name service = desired.service();
    Set<Name> targets = new LinkedHashSet<>();
    for (Record record : desired.rrset(service, Type.SRV)) {
      Name target = ((SRVRecord) record).getTarget();
      if (target.subdomain(domain)) {
        targets.add(target);
      }
    }
    for (Name stale : currentTargets(service)) {
      if (!targets.contains(stale)) {
        update.delete(stale);
      }
    }
    update.delete(service, Type.SRV);
    desired.rrset(service, Type.SRV).forEach(update::add);
    for (Name target : targets) {
      update.delete(target);
      desired.rrset(target, Type.A).forEach(update::add);
      desired.rrset(target, Type.AAAA).forEach(update::add);
    }
    Message reply = master.send(update);
    if (reply.getRcode() != Rcode.NOERROR) {
      throw new IOException("the master answered " + Rcode.string(reply.getRcode()));
    }
  }

  /** The in-domain SRV targets the master serves now (those of replicas that left included). */
  private List<Name> currentTargets(Name service) {
    try {
      Message reply = master.send(Message.newQuery(Record.newRecord(service, Type.SRV, DClass.IN)));
      return reply.getSection(Section.ANSWER).stream()
          .filter(r -> r instanceof SRVRecord)
          .map(r -> ((SRVRecord) r).getTarget())
          .filter(t -> t.subdomain(domain))
          .toList();
    } catch (IOException e) {
      return List.of(); // the update still replaces what it knows
    }
  }
}
