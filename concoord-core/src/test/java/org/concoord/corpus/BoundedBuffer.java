package org.concoord.corpus;

import java.util.ArrayDeque;
import org.concoord.core.host.Caller;
import org.concoord.core.sync.WaitQueue;

/** A blocking buffer of our own: take parks until an item arrives. */
public class BoundedBuffer {
  private final ArrayDeque<String> items = new ArrayDeque<>();
  private final WaitQueue takers = new WaitQueue();

  public int put(String item) {
    if (takers.wakeOne(item) == null) {
      items.add(item);
    }
    return items.size();
  }

  public String take(Caller caller) {
    if (items.isEmpty()) {
      takers.park(caller);
      return null;
    }
    return items.poll();
  }

  public int size() {
    return items.size();
  }
}
