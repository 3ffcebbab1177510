package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * A mutual-exclusion lock owned by a client. {@code acquire} returns at once when the lock is free
 * and otherwise parks the call until a {@code release} hands the lock over, first come first
 * served. Every grant returns a fencing token, larger than any token granted before, so that a
 * resource guarded by the lock can refuse a stale holder (one whose session expired while it
 * still thought it held the lock). Not reentrant: acquiring a lock the same client already holds
 * is an error rather than a deadlock. Only the holder may release; a holder whose session expires
 * releases the lock.
 */
public class Lock implements SessionAware {
  private Long holder;
  private long token;
  private final Deque<Parked> waiters = new ArrayDeque<>();

  /** Acquires the lock, waiting for it if another client holds it; returns the fencing token. */
  public long acquire(Caller caller) {
    if (holder == null) {
      holder = caller.clientId();
      return ++token;
    }
    if (holder == caller.clientId()) {
      throw new IllegalStateException("client " + holder + " already holds the lock");
    }
    waiters.add(caller.park());
    return 0; // ignored: the reply is the token passed to resume
  }

  public void release(Caller caller) {
    if (holder == null || holder != caller.clientId()) {
      throw new IllegalStateException("client " + caller.clientId() + " does not hold the lock");
    }
    handOver();
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return holder;
  }

  /** The fencing token of the current (or, when free, the last) grant; 0 before any grant. */
  public long token() {
    return token;
  }

  @Override
  public void sessionExpired(long clientId) {
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    waiters.removeIf(waiter -> waiter.clientId() == clientId);
    if (holder != null && holder == clientId) {
      handOver();
    }
  }

  /** Gives the lock to the first waiter still waiting, or frees it. */
  private void handOver() {
    holder = null;
    for (Parked next; (next = waiters.poll()) != null; ) {
      if (next.isPending()) {
        holder = next.clientId();
        next.resume(++token);
        return;
      }
    }
  }

  @Override
  public String toString() {
    return holder != null ? "Lock held by client " + holder + ", " + waiters.size() + " waiting"
        : "Lock free";
  }
}
