package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Reason;
import org.concoord.core.value.ValueCodec;

/**
 * The directory's read-only answers: {@code __concoordlist__} (names by prefix, paged) and {@code
 * __concoorddescribe__} (class, creation slot, state bytes, parked calls), as values a client
 * decodes as maps. Pure functions of the directory's state.
 */
final class DirectoryAnswers {
  private DirectoryAnswers() {}

  /** Arguments [prefix, after, limit], each optional: names after {@code after}, in order. */
  static Execution list(TreeMap<String, NamedObject> objects, byte[] args) {
    if (args.length > NamedObjects.DIRECTORY_ARGS_BYTES_MAX) {
      return NamedObjects.rejected(
          Reason.BAD_ARGUMENTS,
          "arguments of "
              + ObjectNames.LIST_METHOD
              + " over "
              + NamedObjects.DIRECTORY_ARGS_BYTES_MAX
              + " bytes");
    }
    String prefix;
    String after;
    long limit;
    try {
      List<?> values = (List<?>) ValueCodec.decode(args);
      prefix = values.size() > 0 && values.get(0) != null ? (String) values.get(0) : "";
      after = values.size() > 1 && values.get(1) != null ? (String) values.get(1) : "";
      limit =
          values.size() > 2 && values.get(2) != null
              ? ((Number) values.get(2)).longValue()
              : ObjectNames.LIST_LIMIT_MAX;
    } catch (RuntimeException e) {
      return NamedObjects.rejected(
          Reason.BAD_ARGUMENTS,
          "arguments of "
              + ObjectNames.LIST_METHOD
              + " are [prefix, after, limit] (a string, a string, a number): "
              + e.getMessage());
    }
    if (limit < 1 || limit > ObjectNames.LIST_LIMIT_MAX) {
      return NamedObjects.rejected(
          Reason.BAD_ARGUMENTS,
          "list limit must be 1.." + ObjectNames.LIST_LIMIT_MAX + ", got " + limit);
    }
    String from = after.compareTo(prefix) > 0 ? after : prefix;
    List<Map<String, Object>> found = new ArrayList<>();
    for (NamedObject entry : objects.tailMap(from, !from.equals(after)).values()) {
      if (entry.name().isEmpty()) {
        continue;
      }
      if (!entry.name().startsWith(prefix) || found.size() >= limit) {
        break;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", entry.name());
      row.put("class", entry.className());
      row.put("createdSlot", entry.createdSlot());
      found.add(row);
    }
    return NamedObjects.ok(found);
  }

  static Map<String, Object> describe(NamedObject entry) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", entry.name());
    row.put("class", entry.className());
    row.put("createdSlot", entry.createdSlot());
    long bytes;
    try {
      bytes = entry.snapshotSize();
    } catch (RuntimeException e) {
      bytes = -1; // a machine without snapshots (tests)
    }
    row.put("stateBytes", bytes);
    ObjectHost host = entry.host();
    row.put("parked", host == null ? 0 : host.parked().size());
    return row;
  }
}
