package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.concoord.core.codec.ObjectSetCodec;

/**
 * The names of deleted objects, oldest deletion first, with the slot that deleted them: remembered
 * (up to the catalog's bound, oldest forgotten first) so that a late call does not silently create
 * the object again ({@link NamedObjects}); an explicit create clears its name. Replicated state.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class DeletedNames {
  private final LinkedHashMap<String, Long> deleted = new LinkedHashMap<>();

  boolean contains(String name) {
    return deleted.containsKey(name);
  }

  /** {@code name} was deleted at {@code slot}. */
  void add(String name, long slot) {
    deleted.put(name, slot);
  }

  /** {@code name} is in use again. */
  void remove(String name) {
    deleted.remove(name);
  }

  /** Forgets the oldest names while the named objects and these exceed {@code objectsMax}. */
  void forgetOverBound(int namedCount, int objectsMax) {
    Iterator<String> eldest = deleted.keySet().iterator();
    while (namedCount + deleted.size() > objectsMax && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }

  /** Why there is no object named {@code name}, for the client. */
  String missing(String name) {
    Long gone = deleted.get(name);
    return gone != null
        ? "object '"
            + name
            + "' was deleted at slot "
            + gone
            + " (create it again to reuse"
            + " the name)"
        : "no object named '" + name + "'";
  }

  /** The names for a snapshot's objects part, oldest deletion first. */
  List<ObjectSetCodec.Deleted> snapshot() {
    List<ObjectSetCodec.Deleted> gone = new ArrayList<>(deleted.size());
    deleted.forEach((name, slot) -> gone.add(new ObjectSetCodec.Deleted(name, slot)));
    return gone;
  }

  /** Replaces every name by those a snapshot restored. */
  void restore(List<ObjectSetCodec.Deleted> names) {
    deleted.clear();
    for (ObjectSetCodec.Deleted gone : names) {
      deleted.put(gone.name(), gone.slot());
    }
  }
}
