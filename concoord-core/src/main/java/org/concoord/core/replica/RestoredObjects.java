package org.concoord.core.replica;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.host.HostedClass;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.Snapshot;

/**
 * The objects a snapshot's objects part holds, built aside from the live ones so that bytes that do
 * not restore change nothing ({@link NamedObjects#restore}): the catalog of the code they run
 * under, the default machine and its quota's counters, the named objects and the deleted names.
 * Restoring the genesis default machine in place is the only step that changes live state, and it
 * comes last.
 *
 * <p>Not thread-safe. Does no I/O.
 */
record RestoredObjects(
    ObjectCatalog catalog,
    StateMachine defaultMachine,
    Snapshot.StateSize defaultSize,
    SortedMap<String, NamedObject> named,
    ObjectSetCodec.Code code,
    List<ObjectSetCodec.Deleted> deleted) {

  /**
   * What {@code bytes} hold, for {@code objects}. An older snapshot's bytes (one object's state)
   * restore the default object alone, under the genesis code, with {@code legacySize} as its
   * quota's counters.
   *
   * @throws IllegalArgumentException if the bytes do not restore (nothing changed)
   */
  static RestoredObjects of(NamedObjects objects, byte[] bytes, Snapshot.StateSize legacySize) {
    if (!ObjectSetCodec.isObjectSet(bytes)) {
      objects.genesisMachine().restore(bytes);
      return new RestoredObjects(
          objects.genesisCatalog(),
          objects.genesisMachine(),
          legacySize,
          new TreeMap<>(),
          ObjectSetCodec.Code.GENESIS,
          List.of());
    }
    ObjectSetCodec.Decoded decoded = ObjectSetCodec.decode(bytes);
    CodeVersion current = decoded.code().current();
    ObjectCatalog codeCatalog = catalogOf(objects, current);
    TreeMap<String, NamedObject> restored = new TreeMap<>();
    byte[] defaultState = null;
    Snapshot.StateSize defaultSize = Snapshot.StateSize.ZERO;
    for (ObjectSetCodec.Entry entry : decoded.objects()) {
      if (entry.name().isEmpty()) {
        defaultState = entry.state();
        defaultSize = entry.size();
        continue;
      }
      restored.put(entry.name(), restoreNamed(objects, entry, codeCatalog));
    }
    if (defaultState == null) {
      throw new IllegalArgumentException("objects part without the default object");
    }
    StateMachine machine = objects.genesisMachine();
    if (!current.isGenesis()) {
      HostedClass hosted = codeCatalog.hosted(current.className());
      if (hosted == null) {
        throw new IllegalArgumentException(
            "the snapshot's code has no class " + current.className());
      }
      machine = hosted.newHost();
      machine.restore(defaultState);
    } else {
      machine.restore(defaultState); // last: the only step that changes live state
    }
    return new RestoredObjects(
        codeCatalog, machine, defaultSize, restored, decoded.code(), decoded.deleted());
  }

  /** The catalog of the code {@code current}, which this replica must be able to load. */
  private static ObjectCatalog catalogOf(NamedObjects objects, CodeVersion current) {
    try {
      return CodeSwitch.catalogOf(objects, current);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "the snapshot's objects run under "
              + current
              + ", which this replica cannot load: "
              + e.getMessage(),
          e);
    }
  }

  private static NamedObject restoreNamed(
      NamedObjects objects, ObjectSetCodec.Entry entry, ObjectCatalog catalog) {
    String problem = ObjectNames.problem(entry.name());
    if (problem != null) {
      throw new IllegalArgumentException("snapshot: " + problem);
    }
    HostedClass hosted = catalog.hosted(entry.className());
    if (hosted == null) {
      throw new IllegalArgumentException(
          "snapshot holds object '"
              + entry.name()
              + "' of "
              + entry.className()
              + ", which this replica's code does not host");
    }
    NamedObject restored =
        new NamedObject(
            entry.name(),
            entry.className(),
            entry.createdSlot(),
            hosted.newHost(),
            objects.newQuota());
    restored.restore(entry.state());
    restored.quota().restore(entry.size());
    return restored;
  }
}
