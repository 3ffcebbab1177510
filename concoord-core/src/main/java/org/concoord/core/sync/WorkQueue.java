package org.concoord.core.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * Work items handed to takers that lease them until they complete them. {@code take} leases the
 * oldest queued item to the caller, parking while there is none; {@code put} hands a new item
 * straight to the oldest taker still waiting, or queues it. A taker whose session expires gives
 * its unfinished items back, to the front of the queue in the order it took them (and on to
 * waiting takers), so that no item is lost with a crashed taker.
 *
 * <p>Hold it in a field (the library's {@code JobManager} does): {@code put}, {@code complete}
 * and {@code remove} are the object's to call, not any client's. Items are values the object's
 * methods return, compared by the predicates it passes. The host tells a queue held in a field of
 * the hosted object about expired sessions. Plain data; not thread-safe; reads no clock.
 *
 * @param <T> the items
 */
public final class WorkQueue<T> implements SessionAware {
  private final ArrayDeque<T> queued = new ArrayDeque<>();
  /** Items leased, by taker, in the order it took them; a TreeMap for a deterministic order. */
  private final TreeMap<Long, ArrayList<T>> leases = new TreeMap<>();
  private final WaitQueue takers = new WaitQueue();

  /** Hands {@code item} to the oldest waiting taker (leasing it), or queues it at the back. */
  public void put(T item) {
    queued.add(Objects.requireNonNull(item, "item"));
    dispatch();
  }

  /** Leases the oldest queued item to the caller, waiting for one if there is none. */
  public T take(Caller caller) {
    T item = queued.poll();
    if (item == null) {
      takers.park(caller);
    } else {
      lease(caller.clientId(), item);
    }
    return item; // null when parked: ignored, the reply is the item the dispatch resumes it with
  }

  /**
   * Ends the caller's lease of the first item it holds that {@code which} accepts; returns that
   * item, or null if the caller holds none.
   */
  public T complete(Caller caller, Predicate<? super T> which) {
    ArrayList<T> held = leases.get(caller.clientId());
    for (int i = 0; held != null && i < held.size(); i++) {
      if (which.test(held.get(i))) {
        T item = held.remove(i);
        if (held.isEmpty()) {
          leases.remove(caller.clientId());
        }
        return item;
      }
    }
    return null;
  }

  /** Removes the queued (not leased) items that {@code which} accepts; returns whether any. */
  public boolean remove(Predicate<? super T> which) {
    return queued.removeIf(which);
  }

  /** The queued items, oldest first. */
  public List<T> queued() {
    return List.copyOf(queued);
  }

  /** The leased items, by taker's client id and then in the order it took them. */
  public List<T> leased() {
    List<T> all = new ArrayList<>();
    leases.values().forEach(all::addAll);
    return all;
  }

  /** How many takers wait. */
  public int waiting() {
    return takers.size();
  }

  @Override
  public void sessionExpired(long clientId) {
    takers.sessionExpired(clientId);
    ArrayList<T> lost = leases.remove(clientId);
    for (int i = lost == null ? -1 : lost.size() - 1; i >= 0; i--) {
      queued.addFirst(lost.get(i)); // newest first, so the oldest ends up at the front
    }
    dispatch();
  }

  private void lease(long clientId, T item) {
    leases.computeIfAbsent(clientId, client -> new ArrayList<>()).add(item);
  }

  /** Hands queued items to the takers still waiting, oldest of each first. */
  private void dispatch() {
    for (Waiter taker; !queued.isEmpty() && (taker = takers.poll()) != null; ) {
      T item = queued.poll();
      lease(taker.clientId(), item);
      taker.call().resume(item);
    }
  }

  @Override
  public String toString() {
    int leased = leases.values().stream().mapToInt(List::size).sum();
    return "WorkQueue: " + queued.size() + " queued, " + leased + " leased, " + takers.size()
        + " waiting";
  }
}
