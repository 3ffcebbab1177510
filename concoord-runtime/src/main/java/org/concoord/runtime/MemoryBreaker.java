package org.concoord.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.replica.Replica;

/**
 * The parent "real memory" circuit breaker of a replica (Elasticsearch's parent breaker with {@code
 * indices.breaker.total.use_real_memory} is the model). Every other budget bounds one kind of
 * holding (the leader's queue, the input buffers, the output queues, the retained slots, the state
 * quota), and each fits the heap alone; their sum does not. So before a large client request enters
 * the pipeline, and before a snapshot is captured, this looks at the heap itself: what it holds
 * now, against a limit derived from {@code -Xmx}. A request that would take it over is refused
 * ({@code REJECTED}, reason OVERLOADED, naming the heap in use and the limit), never left to end in
 * an {@code OutOfMemoryError}; docs/operations.md, "Limits and budgets".
 *
 * <p>What "in use" means: the heap outside the young generation's allocation space (eden), as it
 * stands now, that is the old generation (with G1, every large array: they are allocated there
 * directly) and the survivors. Eden is left out because most of it is garbage between collections;
 * garbage in the old generation is counted until a collection reclaims it, so the figure errs
 * towards refusing. When it says no, the breaker asks for a collection ({@code System.gc()}, at
 * most once per {@link #COLLECT_INTERVAL_NANOS}) and looks again, as Elasticsearch's G1 strategy
 * does with a young collection: a burst of large values leaves large dead arrays behind, and
 * without that a replica would refuse until the next collection happened by itself. A collector
 * without an eden pool (ZGC, Shenandoah) is measured by its whole heap.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class MemoryBreaker {
  /** The limit, in percent of the heap's maximum (-Xmx). */
  static final String PERCENT_PROPERTY = "concoord.memory.limit.percent";

  /** Requests smaller than this many bytes are never checked (reads, removals, clears). */
  static final String CHECK_BYTES_PROPERTY = "concoord.memory.check.bytes";

  static final int PERCENT_DEFAULT = 70;
  static final int CHECK_BYTES_DEFAULT = 64 << 10;

  /**
   * What admitting a request of {@code V} bytes adds beyond its decoded form, already in the heap:
   * one {@code Propose} frame for every acceptor and one {@code Decision} frame for every replica
   * (each encoded once and shared by its queues).
   */
  static final int COPIES = 2;

  static final long COLLECT_INTERVAL_NANOS = 1_000_000_000L;

  /** Collections asked for by a snapshot that does not fit, at most one per this. */
  static final long SNAPSHOT_COLLECT_INTERVAL_NANOS = 10 * COLLECT_INTERVAL_NANOS;

  /** The heap as the breaker sees it; the JVM's by default, a fake one in unit tests. */
  interface Heap {
    /** Bytes in use now, as the class comment defines it. */
    long inUse();

    /** Asks for a collection (the JVM may ignore it: {@code -XX:+DisableExplicitGC}). */
    void collect();
  }

  private final long limit;
  private final long maxHeap;
  private final int percent;
  private final long checkBytes;
  private final Heap heap;
  private final LongSupplier nanoTime;
  private long collectedAt;
  private boolean collectedOnce;
  private long refusals;
  private final QuietLog quiet = new QuietLog(Logger.getLogger(MemoryBreaker.class.getName()));

  MemoryBreaker(long maxHeap, int percent, long checkBytes, Heap heap, LongSupplier nanoTime) {
    if (percent < 1 || percent > 100 || checkBytes < 0) {
      throw new IllegalArgumentException(
          PERCENT_PROPERTY + " must be 1..100 and " + CHECK_BYTES_PROPERTY + " >= 0");
    }
    this.maxHeap = maxHeap;
    this.limit = maxHeap / 100 * percent;
    this.percent = percent;
    this.checkBytes = checkBytes;
    this.heap = heap;
    this.nanoTime = nanoTime;
  }

  /** The breaker of this process: its heap, the system properties or their defaults. */
  static MemoryBreaker current() {
    return new MemoryBreaker(
        Runtime.getRuntime().maxMemory(),
        Integer.getInteger(PERCENT_PROPERTY, PERCENT_DEFAULT),
        Long.getLong(CHECK_BYTES_PROPERTY, CHECK_BYTES_DEFAULT),
        new JvmHeap(),
        System::nanoTime);
  }

  long limit() {
    return limit;
  }

  /** Requests refused so far (for tests and the log). */
  long refusals() {
    return refusals;
  }

  /** Whether a request of {@code bytes} is large enough to be checked at all. */
  boolean checks(long bytes) {
    return bytes >= checkBytes;
  }

  /**
   * Null if a client request of {@code bytes} (its encoded command) may enter the pipeline, else
   * why not, for the client: the heap in use, what the request needs, the limit.
   */
  String refusal(long bytes) {
    if (!checks(bytes)) {
      return null;
    }
    long inUse = fits(COPIES * bytes);
    if (inUse < 0) {
      return null;
    }
    refusals++;
    return "overloaded: this replica's heap holds "
        + inUse
        + " bytes and the request of "
        + bytes
        + " bytes needs about "
        + COPIES * bytes
        + " more, over its memory limit of "
        + limit
        + " bytes ("
        + percent
        + "% of the heap's "
        + maxHeap
        + " bytes, "
        + PERCENT_PROPERTY
        + "); retry later";
  }

  /**
   * Whether {@code bytes} more (a snapshot of the state being captured) fit in nine tenths of the
   * heap's maximum: the limit is for what clients may add, this for what the replica must do itself
   * (the tenth: G1 places a large array in contiguous free regions, which the free bytes may not
   * offer).
   */
  private boolean room(long bytes) {
    long room = maxHeap / 10 * 9; // G1 needs contiguous free regions for a large array
    if (heap.inUse() + bytes <= room) {
      return true;
    }
    // Rarer than for requests: a state too large to snapshot beside what the heap holds would
    // otherwise cost a full collection every second for as long as it stays so.
    return collectIfDue(SNAPSHOT_COLLECT_INTERVAL_NANOS) && heap.inUse() + bytes <= room;
  }

  /**
   * Null if {@code call} may go on to the replica, else its refusal: checked only where it would be
   * proposed (a follower answers NOT_LEADER at no cost), never for a retry answered from the reply
   * cache (a refusal says the call did not run), and never for a command over the bound of one
   * command (the replica refuses it TOO_LARGE, which retrying cannot change).
   */
  ClientReply refusal(Replica replica, ClientCommand call) {
    long bytes = WireSizes.command(call);
    if (!checks(bytes)
        || bytes > WireSizes.COMMAND_BYTES_MAX
        || !replica.isLeader()
        || replica.answersFromCache(call)) {
      return null;
    }
    String why = refusal(bytes);
    if (why == null) {
      return null;
    }
    quiet.log(
        Level.WARNING,
        "memory-refused",
        "refused a request of " + bytes + " bytes from client " + call.clientId() + ": " + why);
    return new ClientReply(
        call.clientId(),
        call.seq(),
        Outcome.REJECTED,
        Refusal.encode(Reason.OVERLOADED, why),
        null);
  }

  /**
   * Whether the heap has room to capture a snapshot of {@code bytes} (the object's state and the
   * sessions' cached replies, as the last capture measured them): one copy of them beside the live
   * state, each part written once at its exact size (the kept snapshot the new one replaces is
   * counted in the heap in use until a collection frees it, which is the margin). If not, the
   * snapshot waits (the caller tries again later): the acceptors then keep their values longer,
   * which is better than a replica out of memory.
   */
  boolean roomForSnapshot(Object self, long bytes) {
    if (room(bytes)) {
      return true;
    }
    quiet.log(
        Level.WARNING,
        "snapshot-postponed",
        self
            + " postpones its snapshot: the heap has no"
            + " room now for its "
            + bytes
            + " bytes beside the "
            + heap.inUse()
            + " it holds"
            + " (docs/operations.md, \"The memory breaker\")");
    return false;
  }

  /** What a snapshot holds in the heap: its object part and its sessions' cached replies. */
  static long bytesOf(org.concoord.core.message.Snapshot snapshot) {
    long bytes = snapshot.object().length;
    for (org.concoord.core.message.Snapshot.Session session : snapshot.sessions()) {
      for (org.concoord.core.message.Snapshot.Reply reply : session.replies()) {
        bytes += reply.response().payload().length + 32;
      }
    }
    return bytes;
  }

  /** -1 if {@code wanted} more bytes fit under the limit, else the heap in use. */
  private long fits(long wanted) {
    long inUse = heap.inUse();
    if (inUse + wanted <= limit) {
      return -1;
    }
    if (collectIfDue(COLLECT_INTERVAL_NANOS)) {
      inUse = heap.inUse();
      if (inUse + wanted <= limit) {
        return -1;
      }
    }
    return inUse;
  }

  /** Collects unless it did so within {@code interval}; true if it collected now. */
  private boolean collectIfDue(long interval) {
    long now = nanoTime.getAsLong();
    if (collectedOnce && now - collectedAt < interval) {
      return false;
    }
    collectedOnce = true;
    collectedAt = now;
    heap.collect();
    return true;
  }

  /** The JVM's heap, by its memory pools. */
  static final class JvmHeap implements Heap {
    private final List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    private final boolean hasEden = pools.stream().anyMatch(JvmHeap::isEden);

    private static boolean isEden(MemoryPoolMXBean pool) {
      return pool.getName().contains("Eden");
    }

    @Override
    public long inUse() {
      if (!hasEden) {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      }
      long used = 0;
      for (MemoryPoolMXBean pool : pools) {
        if (pool.isValid() && !isEden(pool)) {
          used += pool.getUsage().getUsed();
        }
      }
      return used;
    }

    @Override
    @SuppressWarnings("java:S1215") // the point: a collection to tell live bytes from garbage
    public void collect() {
      System.gc();
    }
  }
}
