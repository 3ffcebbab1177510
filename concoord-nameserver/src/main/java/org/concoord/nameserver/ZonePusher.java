package org.concoord.nameserver;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;
import org.concoord.runtime.LearnedView;
import org.concoord.runtime.ViewFeed;
import org.xbill.DNS.Name;

/**
 * Pushes each learned view, as a {@link Zone}, to a DNS service that serves the domain for us (a
 * master by dynamic update, Route 53 by its API). One thread does the pushing; views that arrive
 * while it works are coalesced (the newest wins), views not caught up yet are never pushed, and a
 * failed push is retried after 1 s, doubling up to 30 s, until one succeeds or a newer view
 * replaces it. Pushes must be idempotent. Thread-safe.
 */
abstract class ZonePusher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ZonePusher.class.getName());
  static final long RETRY_MILLIS_MIN = 1_000;
  static final long RETRY_MILLIS_MAX = 30_000;

  final Name domain;
  private final NodeId self;
  private final Thread thread;
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private LearnedView pending; // guarded by this
  private volatile boolean running = true;
  private volatile String lastError;

  ZonePusher(Name domain, NodeId self, String threadName) {
    this.domain = domain;
    this.self = self;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** Starts pushing the views published to {@code feed}. */
  final void start(ViewFeed feed) {
    thread.start();
    feed.subscribe(this::offer);
  }

  /**
   * Makes the service serve {@code zone}'s records for the domain ({@code view} is what the zone
   * was built from); throws if it did not.
   */
  abstract void push(Zone zone, View view) throws Exception;

  /** What the service is, for messages. */
  abstract String target();

  public long pushed() {
    return pushed.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Why the last push failed, or null after a success. */
  public String lastError() {
    return lastError;
  }

  private synchronized void offer(LearnedView view) {
    if (view.caughtUp()) {
      pending = view; // a view not caught up yet could be far behind: never publish it
      notifyAll();
    }
  }

  private synchronized LearnedView take() throws InterruptedException {
    while (running && pending == null) {
      wait();
    }
    LearnedView view = pending;
    pending = null;
    return view;
  }

  private synchronized void retryLater(LearnedView view) {
    if (pending == null) {
      pending = view; // unless a newer view arrived meanwhile
    }
  }

  private void run() {
    long backoff = 0;
    while (running) {
      LearnedView view;
      try {
        view = take();
      } catch (InterruptedException e) {
        return;
      }
      if (view == null) {
        continue;
      }
      try {
        push(Zone.of(domain, view.view(), self, view.serial(), true), view.view());
        pushed.incrementAndGet();
        lastError = null;
        backoff = 0;
      } catch (Exception e) {
        failed.incrementAndGet();
        lastError = String.valueOf(e.getMessage());
        LOG.log(
            Level.WARNING,
            "update of "
                + target()
                + " for view "
                + view.serial()
                + " failed: "
                + e.getMessage()
                + "; retrying");
        retryLater(view);
        backoff = Math.min(RETRY_MILLIS_MAX, Math.max(RETRY_MILLIS_MIN, backoff * 2));
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException stop) {
          return;
        }
      }
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
