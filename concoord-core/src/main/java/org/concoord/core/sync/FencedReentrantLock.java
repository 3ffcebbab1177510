package org.concoord.core.sync;

import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A reentrant lock, the counterpart of the original's {@code DRLock}: the holder may acquire it
 * again, and must release it as many times as it acquired it before the next waiter (first come
 * first served) gets it. Each grant to a new holder returns a fencing token larger than any before;
 * a reentrant acquire returns the token of the grant it is part of. A holder whose session expires
 * releases the lock at once, however many times it acquired it.
 *
 * <p>A {@link FencedLock} underneath, plus the holder's count. Use it as an object (the library's
 * {@code RLock} extends it) or in a field. Every public method is one a client may call.
 */
public class FencedReentrantLock implements SessionAware {
  private final FencedLock lock = new FencedLock();

  /** The holder's acquires beyond its first; a new holder starts at 0. */
  private int reentries;

  /** Acquires the lock (again, if the caller holds it); returns the holder's fencing token. */
  public long acquire(Caller caller) {
    if (lock.holds(caller.clientId())) {
      reentries++;
      return lock.token();
    }
    return lock.acquire(caller);
  }

  /** Releases one acquire; returns how many the caller still holds. */
  public int release(Caller caller) {
    lock.checkHolder(caller.clientId());
    if (reentries > 0) {
      reentries--;
      return count();
    }
    lock.handOver();
    return 0;
  }

  /** The holder's client id, or null when the lock is free. */
  public Long holder() {
    return lock.holder();
  }

  /** How many times the holder acquired the lock and has not released it; 0 when free. */
  public int count() {
    return lock.holder() == null ? 0 : 1 + reentries;
  }

  @Override
  public void sessionExpired(long clientId) {
    if (lock.holds(clientId)) {
      reentries = 0;
    }
    lock.sessionExpired(clientId);
  }

  @Override
  public String toString() {
    return lock.holder() != null
        ? getClass().getSimpleName()
            + " held "
            + count()
            + "x by client "
            + lock.holder()
            + ", "
            + lock.waiting()
            + " waiting"
        : getClass().getSimpleName() + " free";
  }
}
