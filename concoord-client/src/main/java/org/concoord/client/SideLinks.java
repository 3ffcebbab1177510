package org.concoord.client;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.concoord.core.NodeId;

/**
 * The {@link Link}'s connections besides its session's own (issue 20): one to each node of the
 * bootstrap, where sequential and bounded reads may go (the session's sides, {@code
 * ClientSession#onSideConnected}). Opened by a thread of their own once the first such read starts,
 * so a client that never reads so opens none and a silent address never holds up the supervisor; a
 * node that failed or closed is tried again {@value #RETRY_MILLIS} ms later. Thread-safe.
 */
final class SideLinks {
  static final long RETRY_MILLIS = 1_000;

  private static final System.Logger LOG = System.getLogger(SideLinks.class.getName());

  private final BootstrapResolver resolver;
  private final ClientOptions options;
  private final Connection.Listener listener;
  private final String threadPrefix;

  /** Told of each side connection opened (the link tells its session). */
  private final Consumer<NodeId> opened;

  private final Map<NodeId, Connection> open = new ConcurrentHashMap<>();

  /** When each node last failed, in nanos; the side thread's only. */
  private final Map<NodeId, Long> failedNanos = new HashMap<>();

  private final Object wake = new Object();
  private volatile boolean wanted;
  private volatile boolean closed;

  SideLinks(
      BootstrapResolver resolver,
      ClientOptions options,
      Connection.Listener listener,
      String threadPrefix,
      Consumer<NodeId> opened) {
    this.resolver = resolver;
    this.options = options;
    this.listener = listener;
    this.threadPrefix = threadPrefix;
    this.opened = opened;
  }

  /** A read any node may answer starts: the side connections are opened, once. */
  void want() {
    if (wanted) {
      return;
    }
    synchronized (wake) {
      if (wanted || closed) {
        return;
      }
      wanted = true;
    }
    Thread thread = new Thread(this::run, threadPrefix + "-sides");
    thread.setDaemon(true);
    thread.start();
  }

  /** The open side connection to {@code node}, or null. */
  Connection get(NodeId node) {
    return node == null ? null : open.get(node);
  }

  /** Whether {@code connection} is an open side connection. */
  boolean isSide(Connection connection) {
    return open.get(connection.node()) == connection;
  }

  /** {@code connection} ended: false if it was no open side connection (or news already had). */
  boolean lost(Connection connection) {
    if (!open.remove(connection.node(), connection)) {
      return false;
    }
    synchronized (wake) {
      wake.notifyAll(); // the side thread tries it again once its retry is due
    }
    return true;
  }

  private void run() {
    while (!closed) {
      for (NodeId node : resolver.nodes()) {
        if (closed) {
          return;
        }
        Long failed = failedNanos.get(node);
        if (open.containsKey(node)
            || (failed != null
                && System.nanoTime() - failed < TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS))) {
          continue;
        }
        connect(node);
      }
      synchronized (wake) {
        try {
          if (!closed) {
            wake.wait(RETRY_MILLIS);
          }
        } catch (InterruptedException e) {
          return; // only close() interrupts
        }
      }
    }
  }

  private void connect(NodeId node) {
    Connection connection;
    try {
      connection =
          Connection.open(
              node,
              (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()),
              options.localAddress(),
              options.tls(),
              listener,
              threadPrefix + "-side-" + node);
    } catch (IOException | IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0}: no side connection to {1}: {2}",
          threadPrefix,
          node,
          e.getMessage());
      failedNanos.put(node, System.nanoTime());
      return;
    }
    failedNanos.put(node, System.nanoTime()); // closed later: tried again after the retry wait
    open.put(node, connection);
    if (closed) {
      connection.close();
      return;
    }
    opened.accept(node);
    if (connection.isClosed()) {
      // Its end may have come before it was open here, when the news was taken as stale.
      listener.onClosed(connection, node + " closed the side connection at once");
    }
  }

  /** Closes every side connection; idempotent. */
  void close() {
    synchronized (wake) {
      closed = true;
      wake.notifyAll();
    }
    open.values().forEach(Connection::close);
    open.clear();
  }
}
