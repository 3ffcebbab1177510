package org.concoord.client;

import java.util.Map;

/**
 * What the replicas say about one object: its name ("" for the default object), class, the slot
 * that created it (0 for the default object), its state's size in bytes as a snapshot writes it (-1
 * if unknown) and the calls parked on it (0 where listing does not tell).
 */
public record ObjectInfo(
    String name, String className, long createdSlot, long stateBytes, int parked) {
  static ObjectInfo of(Map<?, ?> row) {
    return new ObjectInfo(
        (String) row.get("name"),
        (String) row.get("class"),
        number(row.get("createdSlot"), 0),
        number(row.get("stateBytes"), -1),
        (int) number(row.get("parked"), 0));
  }

  private static long number(Object value, long otherwise) {
    return value instanceof Number n ? n.longValue() : otherwise;
  }
}
