package org.concoord.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concoord.core.command.ObjectNames;

/**
 * The instance's named objects as a client sees them ({@link ConcoordClient#objects()}): create,
 * delete, describe, list. Each is a call decided through the log like any other, so every replica
 * agrees and a retry runs once. Refusals (a bad or missing name, an unknown class, a name that
 * exists already) are {@link ConcoordRejectedException}s naming the reason.
 */
public final class ObjectDirectory {
  private final ConcoordClient client;

  ObjectDirectory(ConcoordClient client) {
    this.client = client;
  }

  /**
   * Creates the object {@code name} as an instance of {@code className} (binary or unambiguous
   * simple name; "" for the instance's own class), with its no-argument constructor.
   */
  public ObjectInfo create(String name, String className) {
    return ObjectInfo.of(
        client.object(name, className).invoke(ObjectNames.CREATE_METHOD, Map.class));
  }

  /** Deletes the object {@code name}; calls parked on it fail with ObjectDeletedException. */
  public void delete(String name) {
    client.object(name).invoke(ObjectNames.DELETE_METHOD, void.class);
  }

  /** Describes the object {@code name} ("" for the default object). */
  public ObjectInfo describe(String name) {
    ConcoordClient target = name.isEmpty() ? client.object("", "") : client.object(name);
    return ObjectInfo.of(target.invoke(ObjectNames.DESCRIBE_METHOD, Map.class));
  }

  /**
   * Up to {@code limit} (at most {@value ObjectNames#LIST_LIMIT_MAX}) objects whose names start
   * with {@code prefix}, after the name {@code after} ("" from the first), in name order.
   */
  public List<ObjectInfo> list(String prefix, String after, int limit) {
    List<?> rows =
        client
            .object("", "")
            .invoke(ObjectNames.LIST_METHOD, List.class, prefix, after, (long) limit);
    List<ObjectInfo> infos = new ArrayList<>(rows.size());
    for (Object row : rows) {
      infos.add(ObjectInfo.of((Map<?, ?>) row));
    }
    return infos;
  }

  /** Every object whose name starts with {@code prefix}, page by page. */
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> all = new ArrayList<>();
    String after = "";
    while (true) {
      List<ObjectInfo> page = list(prefix, after, ObjectNames.LIST_LIMIT_MAX);
      all.addAll(page);
      if (page.size() < ObjectNames.LIST_LIMIT_MAX) {
        return all;
      }
      after = page.get(page.size() - 1).name();
    }
  }
}
