package org.concoord.core.replica;

import java.util.Collection;
import java.util.TreeSet;
import org.concoord.core.message.Snapshot;

/**
 * The quota counters summed over the instance's objects, and the objects with a notice, kept as
 * calls run ({@link NamedObjects}): status asks for them every tick, so they must not cost a pass
 * over 100,000 objects.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class ObjectTotals {
  private long bytesSum;
  private long grownSum;
  private long callsSum;

  /** The names of the objects whose quota has a notice, in name order. */
  private final TreeSet<String> noticing = new TreeSet<>();

  /** Adds ({@code sign} 1) or takes away (-1) what {@code entry} counts in the sums. */
  void account(NamedObject entry, int sign) {
    Snapshot.StateSize size = entry.quota().size();
    bytesSum += sign * size.bytes();
    grownSum += sign * size.grownBytes();
    callsSum += sign * size.callsSince();
    if (sign > 0 && entry.quota().notice(entry) != null) {
      noticing.add(entry.name());
    } else {
      noticing.remove(entry.name());
    }
  }

  /** The sums afresh over {@code objects}, after a restore. */
  void recount(Collection<NamedObject> objects) {
    bytesSum = 0;
    grownSum = 0;
    callsSum = 0;
    noticing.clear();
    for (NamedObject entry : objects) {
      account(entry, 1);
    }
  }

  /** The quota counters summed over the objects. */
  Snapshot.StateSize sums() {
    return new Snapshot.StateSize(bytesSum, grownSum, callsSum);
  }

  /** The name of the first object (by name) with a notice, or null. */
  String firstNoticing() {
    return noticing.isEmpty() ? null : noticing.first();
  }
}
