package org.concoord.core.sync;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * The calls an object keeps waiting, first come first served: the building block under every
 * blocking primitive of this package, as {@code AbstractQueuedSynchronizer}'s queue is under
 * java.util.concurrent's locks. {@link #park} parks the current call and queues it; the wake
 * methods resume the oldest waiters that still wait, passing over those already completed or whose
 * client's session expired. A call is queued once: parking a call equal to a queued one (the same
 * client and seq, e.g. a retry executed again) leaves the queue as it is.
 *
 * <p>Each waiter may carry a tag, a string the object attaches when parking (a candidate's name,
 * whether a request is for reading or writing) and reads back when it wakes it.
 *
 * <p>Hold it in a field of the object; never extend or host it: its public methods would become
 * calls any client could make. When a session expires, {@link #sessionExpired} drops that client's
 * waiters; the host calls it on a queue held in a field of the hosted object (see {@code
 * SessionListeners}). Plain data: the waiters' handles and tags, nothing else. Not thread-safe;
 * runs inside the object's calls on the node's one thread. Reads no clock.
 */
public final class WaitQueue implements SessionAware {
  /** The waiters in arrival order; some may have stopped waiting since (skipped when met). */
  private final ArrayList<Waiter> waiters = new ArrayList<>();

  /**
   * Parks the current call and queues it, untagged; returns its handle. The object's method then
   * returns any value: the reply is what a wake method passes.
   */
  public Parked park(Caller caller) {
    return park(caller, null);
  }

  /** Parks the current call and queues it with {@code tag}; returns its handle. */
  public Parked park(Caller caller, String tag) {
    Parked call = caller.park();
    if (indexOf(call) < 0) {
      waiters.add(new Waiter(call, tag));
    }
    return call;
  }

  /** Queues a call parked elsewhere (moved from another queue), unless it is queued already. */
  public void add(Waiter waiter) {
    if (waiter.call().isPending() && indexOf(waiter.call()) < 0) {
      waiters.add(waiter);
    }
  }

  /** The oldest waiter still waiting, left queued; null if none. */
  public Waiter peek() {
    dropStale();
    return waiters.isEmpty() ? null : waiters.get(0);
  }

  /** Removes and returns the oldest waiter still waiting; null if none. */
  public Waiter poll() {
    dropStale();
    return waiters.isEmpty() ? null : waiters.remove(0);
  }

  /** Resumes the oldest waiter still waiting with {@code result}; returns it, or null if none. */
  public Waiter wakeOne(Object result) {
    Waiter next = poll();
    if (next != null) {
      next.call().resume(result);
    }
    return next;
  }

  /** Resumes up to {@code n} waiters, oldest first, with {@code result}; returns how many. */
  public int wake(int n, Object result) {
    int woken = 0;
    while (woken < n && wakeOne(result) != null) {
      woken++;
    }
    return woken;
  }

  /** Resumes every waiter with {@code result}; returns how many. */
  public int wakeAll(Object result) {
    return wake(Integer.MAX_VALUE, result);
  }

  /** Fails every waiter with {@code error} (each gets it as its call's exception). */
  public int failAll(RuntimeException error) {
    int failed = 0;
    for (Waiter next; (next = poll()) != null; failed++) {
      next.call().fail(error);
    }
    return failed;
  }

  /** Drops {@code clientId}'s waiters without answering them; returns whether there were any. */
  public boolean remove(long clientId) {
    return waiters.removeIf(waiter -> waiter.clientId() == clientId);
  }

  /** How many calls wait. */
  public int size() {
    dropStale();
    return waiters.size();
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** The waiting calls, oldest first. */
  public List<Waiter> waiters() {
    dropStale();
    return List.copyOf(waiters);
  }

  /**
   * Drops the client's waiters. The host calls this before it drops the client's parked calls
   * itself, so they would otherwise still look pending to a wake in the same callback.
   */
  @Override
  public void sessionExpired(long clientId) {
    remove(clientId);
  }

  private int indexOf(Parked call) {
    for (int i = 0; i < waiters.size(); i++) {
      Parked queued = waiters.get(i).call();
      if (queued.clientId() == call.clientId() && queued.seq() == call.seq()) {
        return i;
      }
    }
    return -1;
  }

  private void dropStale() {
    waiters.removeIf(waiter -> !waiter.call().isPending());
  }

  @Override
  public String toString() {
    return "WaitQueue" + waiters;
  }
}
