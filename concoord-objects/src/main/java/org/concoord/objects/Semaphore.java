package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * A counting semaphore, one permit to start with ({@link #init} sets another number). {@code
 * acquire} takes a permit or parks until a {@code release} hands one over, first come first
 * served, and returns a fencing token larger than any granted before. As in Python's (and Java's)
 * semaphore, any client may release, even one that holds no permit, which adds a permit. The
 * permits a client holds (acquired and not released by it) are released when its session
 * expires, so that a crashed client cannot leak them.
 */
public class Semaphore implements SessionAware {
  private int initial = 1;
  private int available = 1;
  private long token;
  /** Permits held per client, for session expiry; a TreeMap for a deterministic order. */
  private final Map<Long, Integer> held = new TreeMap<>();
  private final Deque<Parked> waiters = new ArrayDeque<>();

  /** Sets the number of permits; only while no permit is held or awaited. */
  public void init(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative, got " + permits);
    }
    if (!held.isEmpty() || !waiters.isEmpty()) {
      throw new IllegalStateException("cannot re-init a semaphore in use");
    }
    initial = permits;
    available = permits;
  }

  /** Takes a permit, waiting for one if none is available; returns the fencing token. */
  public long acquire(Caller caller) {
    if (available > 0) {
      available--;
      held.merge(caller.clientId(), 1, Integer::sum);
      return ++token;
    }
    waiters.add(caller.park());
    return 0; // ignored: the reply is the token passed to resume
  }

  /** Returns a permit: to the first waiter still waiting, or to the pool. */
  public void release(Caller caller) {
    checkRelease();
    held.computeIfPresent(caller.clientId(), (client, n) -> n > 1 ? n - 1 : null);
    addPermit();
  }

  /** Hook for {@link BoundedSemaphore}: throws if a release is not allowed now. */
  protected void checkRelease() {}

  public int available() {
    return available;
  }

  /** The permits set by {@link #init} (1 by default). */
  public int permits() {
    return initial;
  }

  @Override
  public void sessionExpired(long clientId) {
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    waiters.removeIf(waiter -> waiter.clientId() == clientId);
    Integer permits = held.remove(clientId);
    for (int i = 0; permits != null && i < permits; i++) {
      addPermit();
    }
  }

  private void addPermit() {
    for (Parked next; (next = waiters.poll()) != null; ) {
      if (next.isPending()) {
        held.merge(next.clientId(), 1, Integer::sum);
        next.resume(++token);
        return;
      }
    }
    available++;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + " " + available + "/" + initial + " available, "
        + waiters.size() + " waiting";
  }
}
