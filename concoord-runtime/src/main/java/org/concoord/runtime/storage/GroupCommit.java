package org.concoord.runtime.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.effects.DurableWrite;

/**
 * Group commit over an {@link AcceptorLog}: the node thread queues writes; one syncer thread takes
 * everything queued, appends it and syncs it with one fsync, publishes the highest sequence number
 * now durable and tells the node. While one fsync runs the next group gathers, so the more load,
 * the more writes each fsync covers.
 *
 * <p>Threads: {@link #append} on the node thread; the log file and its state on the syncer thread
 * only; the queue under {@code lock}. A failed write or fsync is never retried (after a failed
 * fsync the kernel may have dropped the dirty pages): the log reports the failure and stops.
 */
public final class GroupCommit implements WriteLog {
  /** Most writes queued; beyond it the node thread waits for the syncer (backpressure). */
  static final int QUEUE_WRITES_MAX = 65_536;

  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

  private final AcceptorLog log;
  private final Object lock = new Object();
  private List<DurableWrite> queue = new ArrayList<>();
  private List<DurableWrite> spare = new ArrayList<>();
  private long appendedSeq; // guarded by lock
  private boolean closing; // guarded by lock
  private volatile long syncedSeq;
  private volatile String failure;
  private volatile long syncs;
  private volatile long syncNanos;
  private Thread thread;
  private volatile StorageProbe probe = StorageProbe.NONE;

  private GroupCommit(AcceptorLog log) {
    this.log = log;
  }

  /** Opens and recovers the log in {@code config.dataDir()}; see {@link AcceptorLog#open}. */
  public static GroupCommit open(StorageConfig config, NodeId self) throws IOException {
    return new GroupCommit(AcceptorLog.open(config, self));
  }

  /** What the log held at open, to rebuild the acceptor from. Before {@link #start} only. */
  public List<DurableWrite> recoveredWrites() {
    return log.recoveredWrites();
  }

  public String describeRecovery() {
    return log.describeRecovery();
  }

  @Override
  public long append(DurableWrite write) {
    synchronized (lock) {
      while (queue.size() >= QUEUE_WRITES_MAX && failure == null && !closing) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      queue.add(write);
      appendedSeq++;
      lock.notifyAll();
      return appendedSeq;
    }
  }

  @Override
  public void observe(StorageProbe probe) {
    this.probe = probe;
  }

  @Override
  public long syncedSeq() {
    return syncedSeq;
  }

  @Override
  public void start(Runnable onSynced, Consumer<String> onFailure) {
    thread = new Thread(() -> run(onSynced, onFailure), "concoord-syncer-" + log.path());
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Runnable onSynced, Consumer<String> onFailure) {
    while (true) {
      List<DurableWrite> group;
      long groupSeq;
      synchronized (lock) {
        while (queue.isEmpty() && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        group = queue;
        queue = spare;
        groupSeq = appendedSeq;
        lock.notifyAll();
      }
      try {
        long started = System.nanoTime();
        log.append(group);
        long took = System.nanoTime() - started;
        syncNanos += took;
        syncs++;
        probe.groupCommitted(group.size(), took, log.lastForceNanos());
      } catch (IOException | RuntimeException e) {
        failure = "the write-ahead log " + log.path() + " failed: " + e;
        LOG.log(Level.SEVERE, failure, e);
        synchronized (lock) {
          lock.notifyAll();
        }
        onFailure.accept(failure);
        return;
      }
      group.clear();
      synchronized (lock) {
        spare = group;
      }
      syncedSeq = groupSeq;
      onSynced.run();
    }
  }

  /** Fsyncs done (group commits and compactions). */
  long syncs() {
    return syncs;
  }

  @Override
  public String describe() {
    long count = syncs;
    return "log "
        + log.path()
        + " syncs="
        + count
        + " writes="
        + syncedSeq
        + (count == 0
            ? ""
            : String.format(
                java.util.Locale.ROOT,
                " writes-per-sync=%.1f mean-sync=%.3fms",
                (double) syncedSeq / count,
                syncNanos / 1e6 / count))
        + " compactions="
        + log.compactions()
        + String.format(
            java.util.Locale.ROOT, " compaction-max=%.1fms", log.compactionNanosMax() / 1e6);
  }

  /** Stops after syncing what is queued, and closes the file. */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    try {
      if (thread != null) {
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      log.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing " + log.path(), e);
    }
  }
}
