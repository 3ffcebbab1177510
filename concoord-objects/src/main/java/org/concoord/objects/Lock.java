package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Queue;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;

/**
 * A mutual-exclusion lock owned by a client. {@code acquire} returns at once when the lock is free
 * and otherwise parks the call until a {@code release} hands the lock over, first come first
 * served. Not reentrant: acquiring a lock the same client already holds is an error rather than a
 * deadlock. Only the holder may release.
 */
public class Lock {
  private boolean held;
  private long holder;
  private final Queue<Parked> waiters = new ArrayDeque<>();

  public void acquire(Caller caller) {
    if (!held) {
      held = true;
      holder = caller.clientId();
    } else if (holder == caller.clientId()) {
      throw new IllegalStateException("client " + holder + " already holds the lock");
    } else {
      waiters.add(caller.park());
    }
  }

  public void release(Caller caller) {
    if (!held || holder != caller.clientId()) {
      throw new IllegalStateException("client " + caller.clientId() + " does not hold the lock");
    }
    Parked next = waiters.poll();
    if (next == null) {
      held = false;
    } else {
      holder = next.clientId();
      next.resume(null);
    }
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return held ? holder : null;
  }

  @Override
  public String toString() {
    return held ? "Lock held by client " + holder + ", " + waiters.size() + " waiting"
        : "Lock free";
  }
}
