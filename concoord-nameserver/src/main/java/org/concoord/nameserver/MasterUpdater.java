package org.concoord.nameserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.runtime.LearnedView;
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
 * replicas that left, as the master's current SRV answer names them), leaving the master's own
 * SOA and NS alone. The records are those a standalone nameserver serves ({@link Zone}).
 *
 * <p>One thread sends the updates; views that arrive while it works are coalesced (the newest
 * wins), and a failed update is retried with backoff (1 s doubling to 30 s) until one succeeds
 * or a newer view replaces it. Updates are idempotent. Thread-safe.
 */
public final class MasterUpdater implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MasterUpdater.class.getName());
  static final long RETRY_MILLIS_MIN = 1_000;
  static final long RETRY_MILLIS_MAX = 30_000;

  private final Name domain;
  private final Name zone;
  private final NodeId self;
  private final SimpleResolver master;
  private final Thread thread;
  private final AtomicLong updatesApplied = new AtomicLong();
  private final AtomicLong updatesFailed = new AtomicLong();
  private LearnedView pending; // guarded by this
  private volatile boolean running = true;
  private volatile String lastError;

  private MasterUpdater(Name domain, Name zone, NodeId self, InetSocketAddress masterAddress,
      TSIG key) {
    this.domain = domain;
    this.zone = zone;
    this.self = self;
    this.master = new SimpleResolver(masterAddress);
    master.setTCP(true); // an update for a large view does not fit a datagram
    master.setTimeout(Duration.ofSeconds(5));
    if (key != null) {
      master.setTSIGKey(key);
    }
    this.thread = new Thread(this::run, "concoord-dns-update");
    thread.setDaemon(true);
  }

  /**
   * Updates the zone {@code zone} (the domain itself, or a zone above it) at {@code master} with
   * the records of {@code domain} for every view published to {@code feed}.
   *
   * @param key the TSIG key the master requires for updates, or null
   */
  public static MasterUpdater start(String domain, String zone, NodeId self,
      InetSocketAddress master, TSIG key, ViewFeed feed) {
    Name domainName = Nameserver.parseDomain(domain);
    Name zoneName = zone == null ? domainName : Nameserver.parseDomain(zone);
    if (!domainName.subdomain(zoneName)) {
      throw new IllegalArgumentException("domain " + domainName + " is not in zone " + zoneName);
    }
    MasterUpdater updater = new MasterUpdater(domainName, zoneName, self, master, key);
    updater.thread.start();
    feed.subscribe(updater::offer);
    return updater;
  }

  public long updatesApplied() {
    return updatesApplied.get();
  }

  public long updatesFailed() {
    return updatesFailed.get();
  }

  /** Why the last update failed, or null. */
  public String lastError() {
    return lastError;
  }

  private synchronized void offer(LearnedView view) {
    if (view.caughtUp()) {
      pending = view; // a view not caught up yet could be far behind: never publish it
      notifyAll();
    }
  }

  private synchronized LearnedView take(long waitMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    while (running && pending == null && System.currentTimeMillis() < deadline) {
      wait(Math.max(1, deadline - System.currentTimeMillis()));
    }
    LearnedView view = pending;
    pending = null;
    return view;
  }

  private synchronized void retryLater(LearnedView failed) {
    if (pending == null) {
      pending = failed; // unless a newer view arrived meanwhile
    }
  }

  private void run() {
    long backoff = 0;
    while (running) {
      LearnedView view;
      try {
        view = take(Long.MAX_VALUE / 4);
      } catch (InterruptedException e) {
        return;
      }
      if (view == null) {
        continue;
      }
      try {
        send(Zone.of(domain, view.view(), self, view.serial(), true));
        updatesApplied.incrementAndGet();
        lastError = null;
        backoff = 0;
      } catch (IOException | RuntimeException e) {
        updatesFailed.incrementAndGet();
        lastError = e.getMessage();
        LOG.log(Level.WARNING, "update of " + zone + " for view " + view.serial() + " failed: "
            + e.getMessage() + "; retrying");
        retryLater(view);
        backoff = Math.min(RETRY_MILLIS_MAX, Math.max(RETRY_MILLIS_MIN, backoff * 2));
        sleepQuietly(backoff);
      }
    }
  }

  private void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** One update replacing this domain's records with the zone's. */
  void send(Zone desired) throws IOException {
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
      Message reply = master.send(Message.newQuery(
          Record.newRecord(service, Type.SRV, DClass.IN)));
      return reply.getSection(Section.ANSWER).stream()
          .filter(r -> r instanceof SRVRecord)
          .map(r -> ((SRVRecord) r).getTarget())
          .filter(t -> t.subdomain(domain))
          .toList();
    } catch (IOException e) {
      return List.of(); // the update still replaces what it knows
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (this) {
      notifyAll();
    }
    thread.interrupt();
  }
}
