package org.concoord.runtime;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The views a nameserver node learns, for the DNS side: the latest one to read at any time, and
 * listeners told of every change. The node thread publishes; any thread reads or subscribes.
 * Listeners run on the node thread and must return quickly (build a zone and swap a reference, not
 * do I/O). Thread-safe.
 */
public final class ViewFeed {
  private final List<Consumer<LearnedView>> listeners = new CopyOnWriteArrayList<>();
  private volatile LearnedView current;

  /** The latest view published, or null before the node has joined. */
  public LearnedView current() {
    return current;
  }

  /** Calls {@code listener} with every view published from now on, and the current one if any. */
  public void subscribe(Consumer<LearnedView> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    LearnedView now = current;
    if (now != null) {
      listener.accept(now);
    }
  }

  /** Node thread only. */
  void publish(LearnedView view) {
    current = view;
    for (Consumer<LearnedView> listener : listeners) {
      listener.accept(view);
    }
  }
}
