package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * A reentrant lock: the holder may acquire it again, and must release it as many times as it
 * acquired it before the next waiter (first come first served) gets it. Each grant to a new
 * holder returns a fencing token larger than any before; a reentrant acquire returns the token of
 * the grant it is part of. A holder whose session expires releases the lock at once, however many
 * times it acquired it.
 */
public class RLock implements SessionAware {
  private Long holder;
  private int count;
  private long token;
  private final Deque<Parked> waiters = new ArrayDeque<>();

  /** Acquires the lock (again, if the caller holds it); returns the holder's fencing token. */
  public long acquire(Caller caller) {
    if (holder == null) {
      holder = caller.clientId();
      count = 1;
      return ++token;
    }
    if (holder == caller.clientId()) {
      count++;
      return token;
    }
    waiters.add(caller.park());
    return 0; // ignored: the reply is the token passed to resume
  }

  /** Releases one acquire; returns how many the caller still holds. */
  public int release(Caller caller) {
    if (holder == null || holder != caller.clientId()) {
      throw new IllegalStateException("client " + caller.clientId() + " does not hold the lock");
    }
    if (--count == 0) {
      handOver();
    }
    return count;
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return holder;
  }

  /** How many times the holder acquired the lock and has not released it; 0 when free. */
  public int count() {
    return count;
  }

  @Override
  public void sessionExpired(long clientId) {
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    waiters.removeIf(waiter -> waiter.clientId() == clientId);
    if (holder != null && holder == clientId) {
      handOver();
    }
  }

  private void handOver() {
    holder = null;
    count = 0;
    for (Parked next; (next = waiters.poll()) != null; ) {
      if (next.isPending()) {
        holder = next.clientId();
        count = 1;
        next.resume(++token);
        return;
      }
    }
  }

  @Override
  public String toString() {
    return holder != null ? "RLock held " + count + "x by client " + holder + ", "
        + waiters.size() + " waiting" : "RLock free";
  }
}
