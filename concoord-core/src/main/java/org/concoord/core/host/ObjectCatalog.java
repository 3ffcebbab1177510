package org.concoord.core.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The classes an instance may host as named objects (those of its code that can be hosted, by
 * binary name), and how objects come to be: created on first use (the default) or only explicitly,
 * and how many may exist. Every replica of an instance must have the same catalog: the same code
 * gives the same classes, and the options must be given alike (like the state quota).
 *
 * <p>A class is prepared and checked ({@link HostedClass#of}) once, when the first object of it is
 * created. Not thread-safe (a replica's thread; a catalog is not shared between replicas).
 */
public final class ObjectCatalog {
  /** How many objects (and remembered deletions) an instance holds by default. */
  public static final int OBJECTS_MAX_DEFAULT = 1_000_000;

  /**
   * Told around each call of a named object (the runtime's watchdog names a call that never
   * returns); the default object's calls are watched by whoever wraps its machine.
   */
  public interface CallWatcher {
    CallWatcher NONE =
        new CallWatcher() {
          @Override
          public void started(String what, long clientId, long seq) {}

          @Override
          public void ended() {}
        };

    void started(String what, long clientId, long seq);

    void ended();
  }

  private final Map<String, Class<?>> classes;
  private final Map<String, HostedClass> prepared = new TreeMap<>();
  private final String defaultClass;
  private final boolean createOnUse;
  private final int objectsMax;
  private final CallWatcher watcher;

  /** class name -> the methods inferred read-only from bytecode (all overloads), by the loader. */
  private final Map<String, java.util.Set<String>> readOnly;

  /** Loads the code a decided upgrade carries (docs/operations.md, "Code upgrades"). */
  private final CodeLoader loader;

  private ObjectCatalog(
      Map<String, Class<?>> classes,
      String defaultClass,
      boolean createOnUse,
      int objectsMax,
      CallWatcher watcher) {
    this(classes, defaultClass, createOnUse, objectsMax, watcher, Map.of(), CodeLoader.NONE);
  }

  private ObjectCatalog(
      Map<String, Class<?>> classes,
      String defaultClass,
      boolean createOnUse,
      int objectsMax,
      CallWatcher watcher,
      Map<String, java.util.Set<String>> readOnly,
      CodeLoader loader) {
    this.classes = classes;
    this.defaultClass = defaultClass;
    this.createOnUse = createOnUse;
    this.objectsMax = objectsMax;
    this.watcher = watcher;
    this.readOnly = readOnly;
    this.loader = loader;
  }

  /** This catalog loading upgraded code with {@code codeLoader}. */
  public ObjectCatalog withLoader(CodeLoader codeLoader) {
    return new ObjectCatalog(
        classes,
        defaultClass,
        createOnUse,
        objectsMax,
        watcher,
        readOnly,
        Objects.requireNonNull(codeLoader, "codeLoader"));
  }

  public CodeLoader loader() {
    return loader;
  }

  /**
   * The catalog of upgraded code: the classes, default class and read-only analysis of {@code
   * loaded}, this catalog's options (objects bound, creation, watcher, loader).
   */
  public ObjectCatalog withCode(ObjectCatalog loaded) {
    return new ObjectCatalog(
        loaded.classes,
        loaded.defaultClass,
        createOnUse,
        objectsMax,
        watcher,
        loaded.readOnly,
        loader);
  }

  /** The class of binary name {@code name}, or null if the catalog has none. */
  public Class<?> classOf(String name) {
    return classes.get(name);
  }

  /**
   * This catalog knowing which methods of each class (binary name -> method names, every overload
   * of each) the bytecode analysis found read-only: the ones a watch may evaluate besides those
   * marked {@link ReadOnly}. The loader computes it (core reads no class files).
   */
  public ObjectCatalog withReadOnly(Map<String, java.util.Set<String>> methods) {
    Map<String, java.util.Set<String>> copy = new TreeMap<>();
    methods.forEach((k, v) -> copy.put(k, java.util.Set.copyOf(v)));
    return new ObjectCatalog(classes, defaultClass, createOnUse, objectsMax, watcher, copy, loader);
  }

  /** Whether {@code method} of {@code className} was inferred read-only (see withReadOnly). */
  public boolean isReadOnly(String className, String method) {
    java.util.Set<String> methods = readOnly.get(className);
    return methods != null && methods.contains(method);
  }

  /**
   * A catalog of {@code classes}, whose first (if any) is the default class (the one a named call
   * that names no class creates), creating on first use, with the default bound.
   */
  public static ObjectCatalog of(List<Class<?>> classes) {
    Map<String, Class<?>> byName = new TreeMap<>();
    for (Class<?> c : classes) {
      byName.put(c.getName(), c);
    }
    return new ObjectCatalog(
        byName,
        classes.isEmpty() ? "" : classes.get(0).getName(),
        true,
        OBJECTS_MAX_DEFAULT,
        CallWatcher.NONE);
  }

  /** The catalog of an instance hosting one class: the default machine's, if it is a host. */
  public static ObjectCatalog forMachine(StateMachine machine) {
    return machine instanceof ObjectHost host ? of(List.of(host.objectClass())) : of(List.of());
  }

  /** This catalog, creating objects only explicitly if {@code explicit}. */
  public ObjectCatalog withExplicitCreate(boolean explicit) {
    return new ObjectCatalog(
        classes, defaultClass, !explicit, objectsMax, watcher, readOnly, loader);
  }

  /** This catalog with at most {@code max} objects (deleted names remembered count too). */
  public ObjectCatalog withObjectsMax(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("objectsMax must be >= 1: " + max);
    }
    return new ObjectCatalog(classes, defaultClass, createOnUse, max, watcher, readOnly, loader);
  }

  /** This catalog telling {@code callWatcher} of every named object's call. */
  public ObjectCatalog withWatcher(CallWatcher callWatcher) {
    return new ObjectCatalog(
        classes,
        defaultClass,
        createOnUse,
        objectsMax,
        Objects.requireNonNull(callWatcher, "callWatcher"),
        readOnly,
        loader);
  }

  public boolean createOnUse() {
    return createOnUse;
  }

  public int objectsMax() {
    return objectsMax;
  }

  public CallWatcher watcher() {
    return watcher;
  }

  /** The binary name of the class a named call naming none creates ("" if there is none). */
  public String defaultClass() {
    return defaultClass;
  }

  /** The binary names of the classes, sorted. */
  public List<String> classNames() {
    return new ArrayList<>(classes.keySet());
  }

  /**
   * The full name {@code name} stands for: itself if the catalog has it, else the one class whose
   * simple name it is; null if none or several.
   */
  public String resolve(String name) {
    if (classes.containsKey(name)) {
      return name;
    }
    String found = null;
    for (Class<?> c : classes.values()) {
      if (c.getSimpleName().equals(name)) {
        if (found != null) {
          return null;
        }
        found = c.getName();
      }
    }
    return found;
  }

  /**
   * The prepared class of binary name {@code name}, or null if the catalog has no such class.
   *
   * @throws IllegalArgumentException if the class cannot be hosted (see {@link HostedClass#of})
   */
  public HostedClass hosted(String name) {
    HostedClass hosted = prepared.get(name);
    if (hosted == null) {
      Class<?> c = classes.get(name);
      if (c == null) {
        return null;
      }
      hosted = HostedClass.of(c);
      prepared.put(name, hosted);
    }
    return hosted;
  }

  /** What to say about a class name that is not in the catalog. */
  public String unknown(String name) {
    List<String> names = classNames();
    String listed =
        names.size() <= 20
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, 20)) + " and " + (names.size() - 20) + " more";
    return "unknown class '"
        + name
        + "': this instance's code hosts "
        + (names.isEmpty() ? "no classes by name" : listed)
        + " (public, concrete, with a public no-argument constructor, passing the checks)";
  }
}
