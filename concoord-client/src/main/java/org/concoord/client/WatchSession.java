package org.concoord.client;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;

/**
 * A client's watches (issue 21) on one connection of their own to one replica, any replica (the
 * first tried is drawn at random, so watchers spread). When the connection closes, or the replica
 * answers nothing for {@link #SILENCE_MILLIS_MAX}, the session connects to the next replica and
 * opens every watch again from the last slot it delivered. Each watch drops what it has seen (an
 * event at or below its last slot, or equal to its last value), so a resume on a replica that is
 * behind or ahead never delivers a duplicate or an older value.
 *
 * <p>Thread-safe. A supervisor thread connects, pings ({@link #PING_MILLIS}) and resumes; the
 * connection's reader thread delivers events.
 */
final class WatchSession implements Connection.Listener {
  /** How often the replica is asked for a sign of life (a cancel of no watch, answered). */
  static final long PING_MILLIS = 1000;

  /** Silence after which the replica is taken as gone. */
  static final long SILENCE_MILLIS_MAX = 5000;

  /** The watch id of the ping: never a real watch's. */
  static final long PING_WATCH_ID = Long.MAX_VALUE;

  private static final System.Logger LOG = System.getLogger(WatchSession.class.getName());

  /** How a watch hands its events on; called on the reader thread, one at a time. */
  interface Sink {
    void deliver(WatchEvent event);
  }

  private final BootstrapResolver resolver;
  private final ClientOptions options;
  private final long clientId;

  /** The principal a node names when it watches for its HTTP caller; "" for a client's own. */
  private final String principal;

  private final AtomicLong nextWatchId = new AtomicLong(1);
  private final Map<Long, Entry> watches = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final Thread supervisor;
  private volatile Connection connection;
  private volatile long heardMillis = System.currentTimeMillis();
  private volatile boolean closed;
  private int cursor;

  WatchSession(BootstrapResolver resolver, ClientOptions options, long clientId) {
    this(resolver, options, clientId, "");
  }

  WatchSession(BootstrapResolver resolver, ClientOptions options, long clientId, String principal) {
    this.resolver = resolver;
    this.options = options;
    this.clientId = clientId;
    this.principal = principal;
    this.cursor = ThreadLocalRandom.current().nextInt(1 << 16);
    this.supervisor = new Thread(this::supervise, "concoord-watch-" + Long.toHexString(clientId));
    this.supervisor.setDaemon(true);
    this.supervisor.start();
  }

  /** One watch's state: what it asked, what it delivered. */
  final class Entry implements Watch {
    final long watchId;
    final Call call;
    final WatchRequest.Mode mode;
    final Sink sink;
    volatile long lastSlot;
    private boolean delivered;
    private byte[] lastPayload;
    private WatchEvent.Kind lastKind;

    /** Write streams: events of {@code lastSlot} delivered, and those to skip on a replay. */
    private int countAtLastSlot;

    private int skipAtLastSlot;
    volatile boolean active = true;

    Entry(long watchId, Call call, WatchRequest.Mode mode, long fromSlot, Sink sink) {
      this.watchId = watchId;
      this.call = call;
      this.mode = mode;
      this.sink = sink;
      this.lastSlot = fromSlot;
    }

    @Override
    public long lastSlot() {
      return lastSlot;
    }

    @Override
    public boolean isActive() {
      return active && !closed;
    }

    @Override
    public void cancel() {
      if (!active) {
        return;
      }
      active = false;
      watches.remove(watchId);
      send(request(this, WatchRequest.Mode.CANCEL));
    }

    /** Whether {@code event} is new to this watch; updates what it has seen. Reader thread. */
    synchronized boolean admit(WatchEvent event) {
      long slot = event.slot();
      switch (event.kind()) {
        case WRITE -> {
          if (slot < lastSlot || slot == lastSlot && skipAtLastSlot > 0) {
            skipAtLastSlot -= slot == lastSlot ? 1 : 0;
            return false;
          }
          countAtLastSlot = slot == lastSlot ? countAtLastSlot + 1 : 1;
          lastSlot = slot;
          return true;
        }
        case GAP -> {
          lastSlot = Math.max(lastSlot, slot);
          countAtLastSlot = 0;
          skipAtLastSlot = 0;
          return true;
        }
        case ENDED -> {
          return true;
        }
        default -> {
          boolean newer = delivered ? slot > lastSlot : slot >= lastSlot;
          if (!newer) {
            return false;
          }
          lastSlot = slot;
          boolean same =
              delivered && lastKind == event.kind() && Arrays.equals(lastPayload, event.payload());
          delivered = true;
          lastKind = event.kind() == WatchEvent.Kind.CURRENT ? WatchEvent.Kind.VALUE : event.kind();
          lastPayload = event.payload();
          return !same;
        }
      }
    }

    /** The slot to resume from after a reconnect. */
    synchronized long resumeSlot() {
      if (mode == WatchRequest.Mode.WRITES && lastSlot > 0 && countAtLastSlot > 0) {
        skipAtLastSlot = countAtLastSlot; // the last slot comes again whole: skip what was seen
        return lastSlot - 1;
      }
      return lastSlot;
    }
  }

  /** Opens a watch of {@code call} from {@code fromSlot}, its events to {@code sink}. */
  Watch open(Call call, WatchRequest.Mode mode, long fromSlot, Sink sink) {
    if (closed) {
      throw new ConcoordUnavailableException("the client is closed");
    }
    Entry entry = new Entry(nextWatchId.getAndIncrement(), call, mode, fromSlot, sink);
    watches.put(entry.watchId, entry);
    send(request(entry, mode));
    synchronized (lock) {
      lock.notifyAll(); // the supervisor connects if it has no connection yet
    }
    return entry;
  }

  int size() {
    return watches.size();
  }

  void close() {
    closed = true;
    supervisor.interrupt();
    Connection current = connection;
    if (current != null) {
      current.close();
    }
    for (Entry entry : watches.values()) {
      entry.active = false;
    }
    watches.clear();
  }

  @Override
  public void onReply(Connection from, ClientReply reply) {
    // a watch connection gets no replies
  }

  @Override
  public void onWatchEvent(Connection from, WatchEvent event) {
    heardMillis = System.currentTimeMillis();
    if (event.clientId() != clientId || event.watchId() == PING_WATCH_ID) {
      return;
    }
    Entry entry = watches.get(event.watchId());
    if (entry == null || !entry.active || !entry.admit(event)) {
      return;
    }
    if (event.kind() == WatchEvent.Kind.ENDED) {
      if (Refusal.decode(event.payload()).reason() == Reason.TRY_ANOTHER_REPLICA) {
        from.close(); // this replica cannot serve it now: the next one will
        return;
      }
      entry.active = false;
      watches.remove(event.watchId());
    }
    try {
      entry.sink.deliver(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a watch listener threw; the watch goes on", e);
    }
  }

  @Override
  public void onClosed(Connection from, String why) {
    synchronized (lock) {
      if (connection == from) {
        connection = null;
      }
      lock.notifyAll();
    }
  }

  private void supervise() {
    while (!closed) {
      try {
        Connection current = connection;
        if (current == null || current.isClosed()) {
          if (watches.isEmpty()) {
            synchronized (lock) {
              lock.wait(PING_MILLIS);
            }
            continue;
          }
          connect();
        } else if (System.currentTimeMillis() - heardMillis > SILENCE_MILLIS_MAX) {
          LOG.log(
              System.Logger.Level.INFO,
              "no answer from {0} for {1} ms: watching elsewhere",
              current.node(),
              SILENCE_MILLIS_MAX);
          current.close();
          connection = null;
        } else {
          send(
              new WatchRequest(
                  new ClientCommand(
                      clientId, PING_WATCH_ID, 0, new Call(Call.KEEPALIVE_METHOD, new byte[0])),
                  WatchRequest.Mode.CANCEL,
                  0));
          synchronized (lock) {
            lock.wait(PING_MILLIS);
          }
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Connects to the next node that answers and opens every watch again from its last slot. */
  private void connect() throws InterruptedException {
    List<NodeId> nodes = resolver.nodes();
    for (int i = 0; i < nodes.size() && !closed; i++) {
      NodeId node = nodes.get(Math.floorMod(cursor++, nodes.size()));
      try {
        Connection opened =
            Connection.open(
                node,
                (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()),
                options.localAddress(),
                options.tls(),
                this,
                "concoord-watch-reader-" + node);
        heardMillis = System.currentTimeMillis();
        connection = opened;
        for (Entry entry : watches.values()) {
          send(
              new WatchRequest(
                  new ClientCommand(clientId, entry.watchId, 0, entry.call, principal),
                  entry.mode,
                  entry.resumeSlot()));
        }
        return;
      } catch (IOException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.DEBUG, "watch connection to {0} failed: {1}", node, e.getMessage());
      }
    }
    resolver.refresh();
    TimeUnit.MILLISECONDS.sleep(100); // every node refused: a short pause, then again
  }

  private WatchRequest request(Entry entry, WatchRequest.Mode mode) {
    return new WatchRequest(
        new ClientCommand(clientId, entry.watchId, 0, entry.call, principal), mode, entry.lastSlot);
  }

  private void send(WatchRequest request) {
    Connection current = connection;
    if (current == null) {
      return; // sent on connecting
    }
    try {
      current.send(MessageCodec.encode(request));
    } catch (IOException e) {
      current.close(); // the supervisor reconnects and opens the watches again
    }
  }
}
