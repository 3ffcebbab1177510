package org.concoord.corpus;

import java.util.Optional;
import java.util.TreeMap;

/** Optional results: present, and empty. */
public class MaybeBox {
  private final TreeMap<String, String> store = new TreeMap<>();

  public void put(String key, String value) {
    store.put(key, value);
  }

  public Optional<String> find(String key) {
    return Optional.ofNullable(store.get(key));
  }
}
