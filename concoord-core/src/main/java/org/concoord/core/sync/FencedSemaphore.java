package org.concoord.core.sync;

import java.util.TreeMap;
import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A counting semaphore, the counterpart of the original's {@code DSemaphore}: one permit to start
 * with ({@link #init} sets another number). {@code acquire} takes a permit or parks until a {@code
 * release} hands one over, first come first served, and returns a fencing token larger than any
 * granted before. As in Python's (and Java's) semaphore, any client may release, even one that
 * holds no permit, which adds a permit. The permits a client holds (acquired and not released by
 * it) are released when its session expires, so that a crashed client cannot leak them.
 *
 * <p>A subclass may refuse a release by overriding {@link #checkRelease} (the library's {@code
 * BoundedSemaphore} does). Use it as an object (the library's {@code Semaphore} extends it) or in a
 * field. Every public method is one a client may call.
 */
public class FencedSemaphore implements SessionAware {
  private int initial = 1;
  private int available = 1;
  private long token;

  /** Permits held per client, for session expiry; a TreeMap for a deterministic order. */
  private final TreeMap<Long, Integer> held = new TreeMap<>();

  private final WaitQueue waiters = new WaitQueue();

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
    waiters.park(caller);
    return 0; // ignored: the reply is the token the hand-over resumes it with
  }

  /** Returns a permit: to the first waiter still waiting, or to the pool. */
  public void release(Caller caller) {
    checkRelease();
    held.computeIfPresent(caller.clientId(), (client, n) -> n > 1 ? n - 1 : null);
    addPermit();
  }

  /** Throws if a release is not allowed now; allows every release here. */
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
    waiters.sessionExpired(clientId);
    Integer permits = held.remove(clientId);
    for (int i = 0; permits != null && i < permits; i++) {
      addPermit();
    }
  }

  private void addPermit() {
    Waiter next = waiters.poll();
    if (next == null) {
      available++;
      return;
    }
    held.merge(next.clientId(), 1, Integer::sum);
    next.call().resume(++token);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + " "
        + available
        + "/"
        + initial
        + " available, "
        + waiters.size()
        + " waiting";
  }
}
