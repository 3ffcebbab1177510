package org.concoord.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport's connections and bytes, counted by the node thread and read by metrics scrapes
 * (hence atomics; one uncontended add per system call).
 */
public final class TrafficCounters {
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();

  void opened() {
    opened.incrementAndGet();
  }

  void closed() {
    closed.incrementAndGet();
  }

  void read(long bytes) {
    if (bytes > 0) {
      bytesRead.addAndGet(bytes);
    }
  }

  void written(long bytes) {
    if (bytes > 0) {
      bytesWritten.addAndGet(bytes);
    }
  }

  public long connectionsOpened() {
    return opened.get();
  }

  public long connectionsClosed() {
    return closed.get();
  }

  public long bytesRead() {
    return bytesRead.get();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }
}
