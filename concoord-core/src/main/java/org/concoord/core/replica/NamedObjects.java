package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.concoord.core.Observer;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectDeletedException;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.Snapshot;
import org.concoord.core.value.ValueCodec;

/**
 * The instance's objects by name: the default object (named "", the instance's own class, there
 * from the start, never deleted) and named objects of any class of the instance's code, created on
 * first use or explicitly ({@link ObjectCatalog}), listed, described and deleted by the reserved
 * calls of {@link ObjectNames}. All of it is replicated state, changed only by decided calls, so
 * every replica holds the same objects. Each object has its own parked calls, state quota and
 * cached encoding ({@link NamedObject}); sessions and exactly-once stay the replica's, shared by
 * all objects. A deleted name is remembered (up to the catalog's bound, oldest forgotten first) so
 * that a late call does not silently create it again; an explicit create clears it.
 *
 * <p>A call that creates an object on first use is run on the new object, which is kept only if the
 * call was not refused: an unknown method or a bad argument creates nothing.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class NamedObjects {
  /** Bytes of arguments a directory call may carry (a name prefix, a name, a number). */
  static final int DIRECTORY_ARGS_BYTES_MAX = 4096;

  /** The classes of the code the objects run under now (changed by a code upgrade). */
  private ObjectCatalog catalog;

  private final long stateMaxBytes;
  private final Observer observer;
  private StateMachine defaultMachine;

  /** The code and default object the replica was started with, for a rollback to them. */
  private final ObjectCatalog genesisCatalog;

  private final StateMachine genesisMachine;
  private ObjectSetCodec.Code code = ObjectSetCodec.Code.GENESIS;
  private final TreeMap<String, NamedObject> objects = new TreeMap<>();

  /** Deleted names, oldest deletion first, with the slot that deleted them. */
  private final DeletedNames deleted = new DeletedNames();

  /** The quota counters summed over the objects, kept as calls run. */
  private final ObjectTotals totals = new ObjectTotals();

  NamedObjects(
      StateMachine defaultMachine, ObjectCatalog catalog, long stateMaxBytes, Observer observer) {
    this.defaultMachine = defaultMachine;
    this.catalog = catalog;
    this.genesisMachine = defaultMachine;
    this.genesisCatalog = catalog;
    this.stateMaxBytes = stateMaxBytes;
    this.observer = observer;
    objects.put("", defaultObject());
    totals.recount(objects.values());
  }

  private NamedObject defaultObject() {
    String className =
        defaultMachine instanceof ObjectHost host
            ? host.objectClass().getName()
            : catalog.defaultClass();
    return new NamedObject("", className, 0, defaultMachine, newQuota());
  }

  /** A new object's state quota. */
  StateQuota newQuota() {
    return new StateQuota(stateMaxBytes, observer);
  }

  NamedObject defaultEntry() {
    return objects.get("");
  }

  /** How many objects there are, the default one included. */
  int size() {
    return objects.size();
  }

  /** Whether a watch may evaluate {@code method} of {@code object}: it is read-only. */
  boolean isReadOnly(NamedObject object, String method) {
    return object.isMarkedReadOnly(method) || catalog.isReadOnly(object.className(), method);
  }

  /** The object named {@code name}, or null. */
  NamedObject get(String name) {
    return objects.get(name);
  }

  /** Executes {@code call}, decided in {@code slot}, on the object it names. */
  Execution execute(long slot, CallContext context, Call call) {
    String method = call.method();
    if (!call.isNamed()) {
      if (method.equals(ObjectNames.LIST_METHOD)) {
        return DirectoryAnswers.list(objects, call.args());
      }
      if (method.equals(ObjectNames.DESCRIBE_METHOD)) {
        return ok(DirectoryAnswers.describe(objects.get("")));
      }
      if (method.equals(ObjectNames.CREATE_METHOD) || method.equals(ObjectNames.DELETE_METHOD)) {
        return rejected(
            Reason.INVALID, method + " needs an object name (the default object always exists)");
      }
      // The default object's quota counts in the sums like any other's (status reads them).
      NamedObject base = objects.get("");
      if (defaultMachine != genesisMachine) {
        return watched(base, context, call); // upgraded code: the runtime's watch wraps no host
      }
      totals.account(base, -1);
      try {
        return base.call(context, call);
      } finally {
        totals.account(base, 1);
      }
    }
    String name = call.object();
    String problem = ObjectNames.problem(name);
    if (problem != null) {
      return rejected(Reason.INVALID, problem);
    }
    switch (method) {
      case ObjectNames.CREATE_METHOD -> {
        return create(slot, name, call.objectClass());
      }
      case ObjectNames.DELETE_METHOD -> {
        return delete(slot, name);
      }
      case ObjectNames.DESCRIBE_METHOD -> {
        NamedObject found = objects.get(name);
        return found == null
            ? rejected(Reason.NO_OBJECT, deleted.missing(name))
            : ok(DirectoryAnswers.describe(found));
      }
      case ObjectNames.LIST_METHOD -> {
        return rejected(
            Reason.INVALID,
            method + " is a call on the instance, not on an object: send it unnamed");
      }
      default -> {
        return callNamed(slot, context, call);
      }
    }
  }

  private Execution callNamed(long slot, CallContext context, Call call) {
    String name = call.object();
    NamedObject found = objects.get(name);
    if (found != null) {
      String refused = ObjectMaker.classMismatch(catalog, found, call.objectClass());
      return refused != null ? rejected(Reason.INVALID, refused) : watched(found, context, call);
    }
    if (deleted.contains(name)) {
      return rejected(Reason.NO_OBJECT, deleted.missing(name));
    }
    if (!catalog.createOnUse()) {
      return rejected(
          Reason.NO_OBJECT,
          deleted.missing(name)
              + "; this instance creates objects explicitly only (concoord"
              + " objects create "
              + name
              + " CLASS)");
    }
    Object made = make(slot, name, call.objectClass());
    if (made instanceof Execution refused) {
      return refused;
    }
    NamedObject fresh = (NamedObject) made;
    Execution execution = watched(fresh, context, call);
    if (execution.response() != null && execution.response().outcome() == Outcome.REJECTED) {
      totals.account(fresh, -1);
      return execution; // the object never saw the call: create nothing by accident
    }
    objects.put(name, fresh);
    forgetDeletedOverBound();
    observer.mark("objects.created-on-use");
    return execution;
  }

  /** A new object named {@code name} ({@link ObjectMaker}), or the refusal as an Execution. */
  private Object make(long slot, String name, String objectClass) {
    return ObjectMaker.make(catalog, objects.size() - 1, slot, name, objectClass, this::newQuota);
  }

  private Execution watched(NamedObject target, CallContext context, Call call) {
    ObjectCatalog.CallWatcher watcher = catalog.watcher();
    watcher.started(target.describe() + "." + call.method(), context.clientId(), context.seq());
    totals.account(target, -1);
    try {
      return target.call(context, call);
    } finally {
      totals.account(target, 1);
      watcher.ended();
    }
  }

  private Execution create(long slot, String name, String objectClass) {
    NamedObject found = objects.get(name);
    if (found != null) {
      return rejected(
          Reason.EXISTS,
          "object '"
              + name
              + "' exists already: a "
              + found.className()
              + " created at slot "
              + found.createdSlot());
    }
    Object made = make(slot, name, objectClass);
    if (made instanceof Execution refused) {
      return refused;
    }
    NamedObject fresh = (NamedObject) made;
    deleted.remove(name);
    objects.put(name, fresh);
    observer.mark("objects.created");
    forgetDeletedOverBound();
    return ok(DirectoryAnswers.describe(fresh));
  }

  private Execution delete(long slot, String name) {
    NamedObject gone = objects.remove(name);
    if (gone == null) {
      return rejected(Reason.NO_OBJECT, deleted.missing(name));
    }
    totals.account(gone, -1);
    deleted.add(name, slot);
    forgetDeletedOverBound();
    observer.mark("objects.deleted");
    ObjectHost host = gone.host();
    List<Release> releases =
        host == null
            ? List.of()
            : host.failParked(
                new ObjectDeletedException(
                    "object '"
                        + name
                        + "' ("
                        + gone.className()
                        + ") was deleted at slot "
                        + slot
                        + " while this call was parked on it"));
    return new Execution(new Response(Outcome.OK, ValueCodec.encode(null)), releases);
  }

  private void forgetDeletedOverBound() {
    deleted.forgetOverBound(objects.size() - 1, catalog.objectsMax());
  }

  /**
   * The session of {@code clientId} expired: every object that may hold something of it is told, in
   * name order. Returns the other clients' calls this released.
   */
  List<Release> sessionExpired(long clientId) {
    List<Release> releases = new ArrayList<>();
    for (NamedObject entry : objects.values()) {
      if (entry.mayHearExpiry()) {
        releases.addAll(entry.sessionExpired(clientId));
      }
    }
    return releases;
  }

  /** The objects part of a snapshot: every object's (cached) bytes and the deleted names. */
  byte[] snapshot() {
    List<ObjectSetCodec.Entry> entries = new ArrayList<>(objects.size());
    for (NamedObject entry : objects.values()) {
      entries.add(entry.snapshotEntry());
    }
    return ObjectSetCodec.encode(entries, deleted.snapshot(), code);
  }

  /**
   * Replaces every object by those {@code bytes} hold. An older snapshot's bytes (one object's
   * state) restore the default object alone, with {@code legacySize} as its quota's counters.
   *
   * @throws IllegalArgumentException if the bytes do not restore (nothing changed)
   */
  void restore(byte[] bytes, Snapshot.StateSize legacySize) {
    RestoredObjects restored = RestoredObjects.of(this, bytes, legacySize);
    install(
        restored.catalog(),
        restored.defaultMachine(),
        restored.defaultSize(),
        restored.named(),
        restored.code());
    deleted.restore(restored.deleted());
  }

  /** The catalog of the code the objects run under now. */
  ObjectCatalog catalog() {
    return catalog;
  }

  /** The catalog of the code the replica was started with. */
  ObjectCatalog genesisCatalog() {
    return genesisCatalog;
  }

  /** The original default object (the runtime's, wrapped by its call watch). */
  StateMachine genesisMachine() {
    return genesisMachine;
  }

  /** The code the objects run under now, and the one before it. */
  ObjectSetCodec.Code code() {
    return code;
  }

  /** Every object by name, the default one ("") first; not to be changed. */
  java.util.SortedMap<String, NamedObject> entries() {
    return java.util.Collections.unmodifiableSortedMap(objects);
  }

  /** A new entry for a migrated object, its quota's counters carried over. */
  NamedObject entry(
      String name,
      String className,
      long createdSlot,
      StateMachine machine,
      Snapshot.StateSize size) {
    NamedObject made = new NamedObject(name, className, createdSlot, machine, newQuota());
    made.quota().restore(size);
    return made;
  }

  /**
   * Switches to other code at once (a decided upgrade or rollback, {@link CodeSwitch}): its
   * catalog, its default machine (whose quota counters are {@code defaultSize}) and every named
   * object, migrated.
   */
  void install(
      ObjectCatalog nextCatalog,
      StateMachine nextDefault,
      Snapshot.StateSize defaultSize,
      java.util.SortedMap<String, NamedObject> named,
      ObjectSetCodec.Code nextCode) {
    catalog = nextCatalog;
    defaultMachine = nextDefault;
    NamedObject base = defaultObject();
    base.quota().restore(defaultSize);
    objects.clear();
    objects.put("", base);
    objects.putAll(named);
    code = nextCode;
    totals.recount(objects.values());
  }

  /** The quota counters summed over the objects (the snapshot's meta part carries them). */
  Snapshot.StateSize totals() {
    return totals.sums();
  }

  /** What an operator should know: the first object (by name) at its quota, or null. */
  String notice() {
    String name = totals.firstNoticing();
    if (name == null) {
      return null;
    }
    NamedObject first = objects.get(name);
    return first == null ? null : first.quota().notice(first);
  }

  static Execution ok(Object result) {
    return Execution.done(new Response(Outcome.OK, ValueCodec.encode(result)));
  }

  static Execution rejected(Reason reason, String why) {
    return Execution.done(new Response(Outcome.REJECTED, Refusal.encode(reason, why)));
  }
}
