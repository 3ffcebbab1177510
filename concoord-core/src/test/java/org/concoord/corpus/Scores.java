package org.concoord.corpus;

import java.util.HashMap;
import java.util.Map;

/** Integer-keyed HashMap: Integer's hash is the same on every JVM. */
public class Scores {
  private final HashMap<Integer, String> byId = new HashMap<>();

  public void set(int id, String name) {
    byId.put(id, name);
  }

  public String get(int id) {
    return byId.get(id);
  }

  public Map<Integer, String> byId() {
    return byId;
  }
}
