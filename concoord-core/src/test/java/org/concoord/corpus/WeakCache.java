package org.concoord.corpus;

import java.util.WeakHashMap;

/** Refused: a WeakHashMap's content depends on garbage collection. */
public class WeakCache {
  private final WeakHashMap<String, Long> cache = new WeakHashMap<>();

  public int put(String key, long value) {
    cache.put(key, value);
    return cache.size();
  }
}
