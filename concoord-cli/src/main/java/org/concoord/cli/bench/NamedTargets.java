package org.concoord.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.concoord.client.ConcoordClient;

/**
 * The objects a bench window spreads its calls over: the default object (0), or N named objects
 * {@code bench/0..N-1}, each caller thread taking the next name in its own round (threads start at
 * different names, so they rarely call one object at once). Views are made once per connection and
 * name, not per call.
 */
public final class NamedTargets {
  private final List<ConcoordClient> pool;
  private final int objects;

  /** [connection][object] views; null when the default object is the target. */
  private final ConcoordClient[][] views;

  private final int[] position = new int[1024];

  public NamedTargets(List<ConcoordClient> pool, int objects) {
    if (objects < 0) {
      throw new IllegalArgumentException("--objects must be >= 0, got " + objects);
    }
    this.pool = pool;
    this.objects = objects;
    this.views = objects == 0 ? null : new ConcoordClient[pool.size()][objects];
    for (int c = 0; views != null && c < pool.size(); c++) {
      for (int i = 0; i < objects; i++) {
        views[c][i] = pool.get(c).object("bench/" + i);
      }
    }
    for (int t = 0; t < position.length; t++) {
      position[t] = objects == 0 ? 0 : (int) ((long) t * 7919 % objects);
    }
  }

  /** Calls {@code method} once on every named object, so the windows measure no creation. */
  public void create(String method, byte[] args) throws InterruptedException {
    if (views == null) {
      return;
    }
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(64);
    try {
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (int i = 0; i < objects; i++) {
        ConcoordClient view = views[i % pool.size()][i];
        calls.add(CompletableFuture.runAsync(() -> view.invokeRaw(method, args), callers));
      }
      CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).join();
    } finally {
      callers.shutdownNow();
    }
  }

  /** The client thread {@code t} calls next, over {@code shared} connections. */
  public ConcoordClient next(int t, int shared) {
    int connection = t % shared;
    if (views == null) {
      return pool.get(connection);
    }
    int slot = t % position.length;
    int object = position[slot];
    position[slot] = object + 1 == objects ? 0 : object + 1;
    return views[connection][object];
  }
}
