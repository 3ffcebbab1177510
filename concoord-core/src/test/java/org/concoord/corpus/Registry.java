package org.concoord.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/** Names by UUID (given by the callers), in registration order. */
public class Registry {
  private final LinkedHashMap<UUID, String> names = new LinkedHashMap<>();

  public void register(UUID id, String name) {
    names.put(id, name);
  }

  public String name(UUID id) {
    return names.get(id);
  }

  public List<String> names() {
    return new ArrayList<>(names.values());
  }
}
