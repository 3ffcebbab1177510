package org.concoord.core.host;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every hosted object of one class shares: its constructor, its callable methods, its session
 * listeners and its snapshot codec (a Jackson mapper). Built and checked once per class, so an
 * instance hosting many objects of a class pays for them once ({@link #newHost} is cheap).
 *
 * <p>Immutable after construction; shared by the hosts of one replica (and, in tests, of several).
 */
public final class HostedClass {
  final Class<?> objectClass;
  final MethodHandle constructor;
  final Map<String, Invoker[]> methods;

  /** The roles the methods' {@code @Access} annotations name (the access policy's defaults). */
  final Map<String, org.concoord.core.access.AccessRole> access;

  final SessionListeners sessionListeners;

  /** The method names whose every callable overload is marked {@link ReadOnly}. */
  final java.util.Set<String> readOnly;

  final ObjectState state = new ObjectState();

  /**
   * Prepares {@code objectClass} for hosting and checks it as {@link ObjectHost#ObjectHost(Class)}
   * documents.
   *
   * @throws IllegalArgumentException if the class cannot be hosted, its constructor throws, or its
   *     state cannot be snapshotted
   */
  public static HostedClass of(Class<?> objectClass) {
    HostedClass hosted = new HostedClass(objectClass);
    hosted.checkSnapshots();
    return hosted;
  }

  private HostedClass(Class<?> objectClass) {
    this.objectClass = Objects.requireNonNull(objectClass, "objectClass");
    int modifiers = objectClass.getModifiers();
    if (!Modifier.isPublic(modifiers)
        || Modifier.isAbstract(modifiers)
        || objectClass.isInterface()
        || objectClass.isArray()
        || objectClass.isPrimitive()) {
      throw new IllegalArgumentException(
          objectClass.getName() + " must be a public concrete class to be hosted");
    }
    try {
      this.constructor =
          MethodHandles.publicLookup()
              .findConstructor(objectClass, MethodType.methodType(void.class))
              .asType(MethodType.methodType(Object.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          objectClass.getName() + " needs a public no-argument constructor to be hosted", e);
    }
    this.methods = MethodTable.build(objectClass);
    this.access = MethodTable.access(objectClass);
    this.readOnly = MethodTable.readOnly(objectClass);
    this.sessionListeners = SessionListeners.of(objectClass);
  }

  public Class<?> objectClass() {
    return objectClass;
  }

  /** A host of a fresh instance (its constructor run once more). */
  public ObjectHost newHost() {
    return new ObjectHost(this);
  }

  /** Whether a method of this name exists with this many arguments (client-sent ones). */
  public boolean hasMethod(String name, int arity) {
    Invoker[] byArity = methods.get(name);
    return byArity != null && arity >= 0 && arity < byArity.length && byArity[arity] != null;
  }

  /**
   * Refuses, at load time, a class whose state a snapshot cannot carry: by declared types, then by
   * a round trip of a fresh instance (which must come back byte for byte).
   */
  private void checkSnapshots() {
    Object instance = constructOrRefuse();
    List<String> problems = StateCheck.problems(instance);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          objectClass.getName()
              + " cannot be snapshotted (a "
              + "replica hands its state to a joining one; transient fields are not state): "
              + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
              + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : ""));
    }
    try {
      byte[] first = state.capture(instance, List.of());
      Object copy = construct();
      state.restore(null, copy, first);
      byte[] second = state.capture(copy, List.of());
      if (!Arrays.equals(first, second)) {
        throw new IllegalArgumentException(
            "a restored instance differs from the original in "
                + ObjectState.difference(first, second));
      }
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalArgumentException(
          objectClass.getName() + " cannot be snapshotted: " + t.getMessage(), t);
    }
  }

  /** A new instance, or IllegalArgumentException saying what its constructor threw. */
  Object constructOrRefuse() {
    try {
      return construct();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalArgumentException(
          "the constructor of " + objectClass.getName() + " threw " + t, t);
    }
  }

  Object construct() throws Throwable {
    return (Object) constructor.invokeExact();
  }

  /** Whether an object of this class may hear of session expiries (fields or itself). */
  boolean listensToSessions() {
    return sessionListeners.any() || SessionAware.class.isAssignableFrom(objectClass);
  }

  @Override
  public String toString() {
    return "HostedClass[" + objectClass.getName() + "]";
  }
}
