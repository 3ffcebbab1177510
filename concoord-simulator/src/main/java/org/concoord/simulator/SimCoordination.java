package org.concoord.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * The simulator's second replicated object: blocking coordination run through the real object host,
 * so parking and resuming are exercised under faults. Deliberately independent of {@code
 * concoord-objects} (the simulator checks the host and protocol, not those objects).
 *
 * <ul>
 *   <li>a lock: {@code acquire} returns a fencing token that grows on every grant, parking while
 *       another client holds it; {@code release} hands it to the oldest pending waiter; {@code
 *       touch} (the critical section) returns the holder's client id;
 *   <li>a semaphore of {@value #PERMITS} permits: {@code down} returns a token, parking while none
 *       is free; {@code up} returns a permit the caller holds, handing it to the oldest waiter;
 *   <li>a barrier of {@value #PARTIES} parties: {@code await} returns its generation, parking until
 *       the {@value #PARTIES}th arrival, which releases every waiter of that generation.
 * </ul>
 *
 * <p>A {@link Flaw} (for the mutation test only) breaks one of them on purpose.
 */
public class SimCoordination implements SessionAware {
  /** Semaphore permits; below the simulator's largest client count, so {@code down} can block. */
  public static final int PERMITS = 2;

  /** Barrier parties; at most the smallest client count of the coordination workload. */
  public static final int PARTIES = 2;

  private static final long NONE = -1;

  /** Deliberate bugs, for checking that the simulator catches them. */
  enum Flaw {
    NONE,
    /** {@code release} resumes the next two waiters, so two clients hold the lock. */
    LOCK_GRANTS_TWO,
    /** The last arrival returns but never resumes the others (the original ConCoord's bug). */
    BARRIER_RELEASES_LAST_ONLY
  }

  private final Flaw flaw;

  private long holder = NONE;

  /** Only under {@link Flaw#LOCK_GRANTS_TWO}: the second client wrongly given the lock. */
  private long secondHolder = NONE;

  private long lockToken;
  private final ArrayDeque<Parked> lockWaiters = new ArrayDeque<>();

  /** One entry per permit held, by client id. */
  private final List<Long> permitHolders = new ArrayList<>();

  private long permitToken;
  private final ArrayDeque<Parked> permitWaiters = new ArrayDeque<>();

  private long generation;
  private final List<Parked> arrived = new ArrayList<>();

  public SimCoordination() {
    this(Flaw.NONE);
  }

  SimCoordination(Flaw flaw) {
    this.flaw = flaw;
  }

  public long acquire(Caller caller) {
    if (holder == NONE) {
      holder = caller.clientId();
      return ++lockToken;
    }
    lockWaiters.add(caller.park());
    return 0; // ignored: parked
  }

  public void release(Caller caller) {
    long client = caller.clientId();
    if (flaw == Flaw.LOCK_GRANTS_TWO && client == secondHolder) {
      secondHolder = NONE;
      return;
    }
    if (client != holder) {
      throw new IllegalStateException("client " + client + " does not hold the lock");
    }
    holder = NONE;
    Parked next = nextPending(lockWaiters);
    if (next != null) {
      holder = next.clientId();
      next.resume(++lockToken);
      Parked extra = flaw == Flaw.LOCK_GRANTS_TWO ? nextPending(lockWaiters) : null;
      if (extra != null) {
        secondHolder = extra.clientId();
        extra.resume(++lockToken);
      }
    }
  }

  /** The critical section: the holder's client id, as the holder sees it. */
  public long touch(Caller caller) {
    long client = caller.clientId();
    if (client != holder && client != secondHolder) {
      throw new IllegalStateException("client " + client + " touched without the lock");
    }
    return client;
  }

  public long down(Caller caller) {
    if (permitHolders.size() < PERMITS) {
      permitHolders.add(caller.clientId());
      return ++permitToken;
    }
    permitWaiters.add(caller.park());
    return 0; // ignored: parked
  }

  public void up(Caller caller) {
    if (!permitHolders.remove(Long.valueOf(caller.clientId()))) {
      throw new IllegalStateException("client " + caller.clientId() + " holds no permit");
    }
    Parked next = nextPending(permitWaiters);
    if (next != null) {
      permitHolders.add(next.clientId());
      next.resume(++permitToken);
    }
  }

  public long await(Caller caller) {
    if (arrived.size() + 1 < PARTIES) {
      arrived.add(caller.park());
      return 0; // ignored: parked
    }
    long released = generation++;
    if (flaw != Flaw.BARRIER_RELEASES_LAST_ONLY) {
      for (Parked waiter : arrived) {
        waiter.resume(released);
      }
    }
    arrived.clear();
    return released;
  }

  /** Drops what an expired client held, as a real lock would (the simulator never expires one). */
  @Override
  public void sessionExpired(long clientId) {
    lockWaiters.removeIf(p -> p.clientId() == clientId);
    permitWaiters.removeIf(p -> p.clientId() == clientId);
    arrived.removeIf(p -> p.clientId() == clientId);
    if (holder == clientId) {
      holder = NONE;
      Parked next = nextPending(lockWaiters);
      if (next != null) {
        holder = next.clientId();
        next.resume(++lockToken);
      }
    }
    while (permitHolders.remove(Long.valueOf(clientId))) {
      Parked next = nextPending(permitWaiters);
      if (next != null) {
        permitHolders.add(next.clientId());
        next.resume(++permitToken);
      }
    }
  }

  /** The oldest waiter still pending, removed from the queue; null if none. */
  private static Parked nextPending(ArrayDeque<Parked> waiters) {
    while (!waiters.isEmpty()) {
      Parked next = waiters.poll();
      if (next.isPending()) {
        return next;
      }
    }
    return null;
  }
}
