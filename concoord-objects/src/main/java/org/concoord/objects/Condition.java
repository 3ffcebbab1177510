package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * A lock with one condition, Mesa style. The holder of the lock may {@code await}: that releases
 * the lock and parks the caller until a {@code signal} moves it to the lock's queue, and it
 * returns when the lock is handed back to it, with a new fencing token. {@code acquire} and the
 * await's return both give fencing tokens, larger than any granted before.
 *
 * <p>The original lost a waiter whenever its await's release of the lock woke another client;
 * here parking and handing the lock over are independent steps, so every awaiting client is
 * either still awaiting, queued for the lock, or holding it. A client whose session expires
 * leaves both queues and, if it held the lock, hands it over.
 */
public class Condition implements SessionAware {
  private Long holder;
  private long token;
  /** Calls waiting for the lock: acquirers and signalled awaiters, in arrival order. */
  private final Deque<Parked> lockQueue = new ArrayDeque<>();
  /** Awaiters not yet signalled. */
  private final Deque<Parked> awaiting = new ArrayDeque<>();

  /** Acquires the lock, waiting for it if another client holds it; returns the fencing token. */
  public long acquire(Caller caller) {
    if (holder == null) {
      holder = caller.clientId();
      return ++token;
    }
    if (holder == caller.clientId()) {
      throw new IllegalStateException("client " + holder + " already holds the lock");
    }
    lockQueue.add(caller.park());
    return 0; // ignored: the reply is the token passed to resume
  }

  public void release(Caller caller) {
    checkHolder(caller.clientId());
    handOver();
  }

  /**
   * Releases the lock and waits for a signal, then for the lock; returns the new fencing token.
   */
  public long await(Caller caller) {
    checkHolder(caller.clientId());
    awaiting.add(caller.park());
    handOver();
    return 0; // ignored: the reply is the token passed to resume
  }

  /** Moves up to {@code n} awaiters to the lock's queue; returns how many it moved. */
  public int signal(Caller caller, int n) {
    checkHolder(caller.clientId());
    int moved = 0;
    for (Parked next; moved < n && (next = awaiting.poll()) != null; ) {
      if (next.isPending()) {
        lockQueue.add(next);
        moved++;
      }
    }
    return moved;
  }

  /** Moves every awaiter to the lock's queue; returns how many it moved. */
  public int signalAll(Caller caller) {
    return signal(caller, Integer.MAX_VALUE);
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return holder;
  }

  /** How many clients await a signal. */
  public int awaiting() {
    return awaiting.size();
  }

  @Override
  public void sessionExpired(long clientId) {
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    awaiting.removeIf(waiter -> waiter.clientId() == clientId);
    lockQueue.removeIf(waiter -> waiter.clientId() == clientId);
    if (holder != null && holder == clientId) {
      handOver();
    }
  }

  private void checkHolder(long clientId) {
    if (holder == null || holder != clientId) {
      throw new IllegalStateException("client " + clientId + " does not hold the lock");
    }
  }

  private void handOver() {
    holder = null;
    for (Parked next; (next = lockQueue.poll()) != null; ) {
      if (next.isPending()) {
        holder = next.clientId();
        next.resume(++token);
        return;
      }
    }
  }

  @Override
  public String toString() {
    return (holder != null ? "Condition locked by client " + holder : "Condition unlocked") + ", "
        + lockQueue.size() + " waiting for the lock, " + awaiting.size() + " awaiting a signal";
  }
}
