package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.concoord.core.host.Caller;
import org.concoord.core.sync.WaitQueue;

/**
 * A FIFO queue of strings. {@code take} removes the head, parking while the queue is empty until a
 * {@code put} hands it an item directly (takers served first come first served); {@code poll} does
 * not wait. A taker whose session expired is dropped from the takers (the host tells the {@link
 * WaitQueue}), so no item is handed to a client that is gone.
 */
public class Queue {
  private final Deque<String> items = new ArrayDeque<>();
  private final WaitQueue takers = new WaitQueue();

  /** Appends {@code item}, or hands it to the first waiting taker; returns the queue's size. */
  public int put(String item) {
    if (item == null) {
      throw new IllegalArgumentException("a queue holds no nulls");
    }
    if (takers.wakeOne(item) == null) {
      items.add(item);
    }
    return items.size();
  }

  /** Removes and returns the head, waiting for one if the queue is empty. */
  public String take(Caller caller) {
    if (items.isEmpty()) {
      takers.park(caller);
    }
    return items.poll(); // null when parked: ignored, the reply is the item put hands over
  }

  /** Removes and returns the head, or null if the queue is empty. */
  public String poll() {
    return items.poll();
  }

  public String peek() {
    return items.peek();
  }

  public int size() {
    return items.size();
  }

  public List<String> items() {
    return List.copyOf(items);
  }

  @Override
  public String toString() {
    return "Queue " + items;
  }
}
