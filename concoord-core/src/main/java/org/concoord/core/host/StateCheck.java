package org.concoord.core.host;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.concoord.core.value.JdkContainers;
import org.concoord.core.value.MapKeys;

/**
 * Which classes {@link ObjectState} can snapshot, decided from declared types when the object is
 * loaded, so that a replica never discovers at catch-up time that it cannot hand its state over.
 * State is every non-static, non-transient field; each field's declared type must say exactly what
 * to build when reading it back: scalars, strings, enums, arrays, java.util collections and maps
 * with such elements (map keys scalar), records, and plain classes with a no-argument constructor
 * whose fields obey the same rule. Refused: {@code Object}, interfaces and abstract classes other
 * than the collection ones, type variables and wildcards, raw collections, and JDK classes that are
 * not values (threads, streams, {@code Random}).
 */
final class StateCheck {
  /** Containers a constructor may make that the snapshot refills in place, kind and order kept. */
  private static final Set<Class<?>> KEPT_IN_PLACE = Set.of(PriorityQueue.class);

  /** Container interfaces whose implementations iterate in different orders. */
  private static final Set<Class<?>> AMBIGUOUS =
      Set.of(Iterable.class, Collection.class, Set.class, Map.class);

  private final List<String> problems = new ArrayList<>();
  private final Set<Class<?>> visited = new HashSet<>();

  /** Type variables of generic objects restored in place, bound to checked arguments. */
  private final Set<TypeVariable<?>> bound = new HashSet<>();

  private final Set<Object> walked = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private StateCheck() {}

  /**
   * What prevents snapshots of {@code fresh} (a newly constructed hosted object); empty if none.
   * Containers and objects the constructor made are restored in place ({@link ObjectState}), so
   * they are judged by their actual class; anything else by its declared type.
   */
  static List<String> problems(Object fresh) {
    StateCheck check = new StateCheck();
    check.checkInstance(fresh, fresh.getClass().getSimpleName());
    return check.problems;
  }

  /**
   * The fields that make up the state of {@code type}, in a fixed order (by name), accessible.
   *
   * @throws IllegalArgumentException if a field cannot be made accessible
   */
  static List<Field> stateFields(Class<?> type) {
    List<Field> fields = stateFieldsUnchecked(type);
    for (Field field : fields) {
      field.setAccessible(true);
    }
    fields.sort(Comparator.comparing(Field::getName));
    return fields;
  }

  /** Whether {@link ObjectState} restores {@code value}, held by a field of that type, in place. */
  static boolean restoredInPlace(Object value, Type declared) {
    if (value == null) {
      return false;
    }
    if (value instanceof Collection || value instanceof Map) {
      return true;
    }
    Class<?> c = value.getClass();
    Type raw = declared instanceof ParameterizedType p ? p.getRawType() : declared;
    return raw == c
        && !c.isArray()
        && !c.isEnum()
        && !c.isRecord()
        && !StateKinds.isJdk(c)
        && !StateKinds.SCALARS.contains(c)
        && !StateKinds.isHostMachinery(c);
  }

  private void checkInstance(Object instance, String path) {
    if (!walked.add(instance)) {
      return;
    }
    Class<?> type = instance.getClass();
    if (!checkHierarchy(type, path)) {
      return;
    }
    bindSuperclasses(type, path);
    for (Field field : stateFields(type)) {
      Object value;
      try {
        value = field.get(instance);
      } catch (IllegalAccessException e) {
        problems.add(path + "." + field.getName() + ": not readable (" + e.getMessage() + ")");
        continue;
      }
      String at = path + "." + field.getName();
      Type declared = field.getGenericType();
      if (restoredInPlace(value, declared)
          && !(value instanceof Collection)
          && !(value instanceof Map)) {
        if (declared instanceof ParameterizedType p) {
          // A generic object the constructor made: its type arguments are what gets built
          // (ObjectState resolves its fields' type variables to them).
          for (Type arg : p.getActualTypeArguments()) {
            checkType(arg, at + "<>");
          }
          bound.addAll(List.of(value.getClass().getTypeParameters()));
        }
        checkInstance(value, at);
      } else {
        boolean kept = restoredInPlace(value, declared);
        checkType(declared, at, kept, kept ? value.getClass() : null);
      }
    }
  }

  /**
   * A generic superclass bound by this class ({@code StringStore extends Store<String>}): its type
   * variables are what the snapshot builds (ObjectState resolves them the same way), so they are
   * checked here, once, as the bound types.
   */
  private void bindSuperclasses(Class<?> type, String path) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getGenericSuperclass() instanceof ParameterizedType p
          && p.getRawType() instanceof Class<?> raw) {
        TypeVariable<?>[] variables = raw.getTypeParameters();
        Type[] args = p.getActualTypeArguments();
        for (int i = 0; i < variables.length && i < args.length; i++) {
          if (!bound.contains(variables[i])) {
            checkType(args[i], path + "<" + variables[i].getName() + ">");
            bound.add(variables[i]);
          }
        }
      }
    }
  }

  private void checkClass(Class<?> type, String path) {
    if (!visited.add(type) || !checkHierarchy(type, path)) {
      return;
    }
    for (Field field : stateFieldsUnchecked(type)) {
      checkType(field.getGenericType(), path + "." + field.getName());
    }
  }

  /** False (with a problem) if {@code type} inherits JDK state or declares a name twice. */
  private boolean checkHierarchy(Class<?> type, String path) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (StateKinds.isJdk(c)) {
        problems.add(path + ": extends " + c.getName() + ", whose fields are not snapshot state");
        return false;
      }
    }
    Set<String> names = new HashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isTransient(modifiers) && !Modifier.isStatic(modifiers)) {
          problems.add(
              path
                  + "."
                  + field.getName()
                  + ": transient, so snapshots leave it out"
                  + " and a replica restored from one would hold another value; remove transient"
                  + " (or compute the value in a method)");
        }
      }
    }
    for (Field field : stateFieldsUnchecked(type)) {
      if (!names.add(field.getName())) {
        problems.add(path + ": field " + field.getName() + " is declared twice in the hierarchy");
        return false;
      }
    }
    return true;
  }

  private void checkType(Type type, String path) {
    checkType(type, path, false, null);
  }

  /**
   * @param keepsContainer whether the constructor made the container, which is refilled in place
   * @param actual its class then, else null
   */
  private void checkType(Type type, String path, boolean keepsContainer, Class<?> actual) {
    if (type instanceof Class<?> c) {
      checkDeclared(c, path);
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (!Iterable.class.isAssignableFrom(raw) && !Map.class.isAssignableFrom(raw)) {
        problems.add(
            path
                + ": generic class "
                + raw.getSimpleName()
                + " (declare a concrete, non-generic class)");
        return;
      }
      Class<?> built = actual != null ? actual : raw;
      if (!checkContainer(raw, built, path, keepsContainer)) {
        return;
      }
      Type[] args = p.getActualTypeArguments();
      if (Map.class.isAssignableFrom(raw) && args.length == 2) {
        checkKey(args[0], path);
        checkHashed(built, args[0], path + "[key]");
        checkType(args[1], path + "[value]");
      } else {
        for (Type arg : args) {
          checkHashed(built, arg, path + "[element]");
          checkType(arg, path + "[element]");
        }
      }
    } else if (type instanceof GenericArrayType array) {
      checkType(array.getGenericComponentType(), path + "[]");
    } else if (type instanceof TypeVariable<?> variable && bound.contains(variable)) {
      return; // its argument was checked where the generic object is declared
    } else {
      problems.add(
          path
              + ": type "
              + type.getTypeName()
              + " does not say what to build (declare a concrete type)");
    }
  }

  private void checkDeclared(Class<?> c, String path) {
    if (c.isPrimitive() || c.isEnum() || StateKinds.SCALARS.contains(c)) {
      return;
    }
    if (c.isArray()) {
      checkType(c.getComponentType(), path + "[]");
    } else if (Iterable.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
      problems.add(path + ": raw " + c.getSimpleName() + " (give its element types)");
    } else if (c == Object.class || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      problems.add(
          path
              + ": declared as "
              + c.getSimpleName()
              + ", which does not say what to build (declare a concrete type)");
    } else if (StateKinds.isJdk(c)) {
      problems.add(path + ": " + c.getName() + " is not a value a snapshot can carry");
    } else if (StateKinds.isHostMachinery(c)) {
      problems.add(
          path
              + ": "
              + c.getSimpleName()
              + " is ConCoord machinery, not object state"
              + (c == Caller.class
                  ? " (a Caller is valid only during its own call: keep its Parked)"
                  : ""));
    } else if (c.isRecord()) {
      if (visited.add(c)) {
        for (RecordComponent component : c.getRecordComponents()) {
          checkType(component.getGenericType(), path + "." + component.getName());
        }
      }
    } else if (!visited.contains(c)) {
      if (StateKinds.hasNoArgConstructor(c)) {
        checkClass(c, path);
      } else {
        visited.add(c);
        problems.add(
            path
                + ": "
                + c.getSimpleName()
                + " needs a no-argument constructor (any visibility) to be restored");
      }
    }
  }

  /** False (with a problem) if snapshots cannot rebuild the container with the same order. */
  private boolean checkContainer(
      Class<?> raw, Class<?> built, String path, boolean keepsContainer) {
    boolean known =
        JdkContainers.isCollection(built)
            || JdkContainers.isMap(built)
            || (keepsContainer && KEPT_IN_PLACE.contains(built));
    if (!known) {
      String why =
          built.getSimpleName().startsWith("Weak") || built == IdentityHashMap.class
              ? " (its content and order depend on garbage collection or identity, which differ"
                  + " between replicas)"
              : "";
      problems.add(
          path
              + ": container "
              + built.getName()
              + why
              + "; use one of "
              + String.join(
                  ", ",
                  JdkContainers.MAPS.keySet().stream()
                      .filter(c -> !c.isInterface())
                      .map(Class::getSimpleName)
                      .toList())
              + ", "
              + String.join(
                  ", ",
                  JdkContainers.COLLECTIONS.keySet().stream()
                      .filter(c -> !c.isInterface())
                      .map(Class::getSimpleName)
                      .toList()));
      return false;
    }
    if (!keepsContainer && AMBIGUOUS.contains(raw)) {
      // Rebuilt as Jackson's default (LinkedHashMap, HashSet), whose iteration order may differ
      // from the original's: replicas restored from a snapshot would then diverge.
      problems.add(
          path
              + ": declared as "
              + raw.getSimpleName()
              + "; declare the concrete class "
              + "(HashMap, TreeMap, LinkedHashSet...) so that a snapshot rebuilds the same kind");
    }
    return true;
  }

  /** A hash-ordered container's keys must hash alike on every JVM ({@link HashOrder}). */
  private void checkHashed(Class<?> container, Type key, String path) {
    String problem = HashOrder.problem(container, key, path);
    if (problem != null) {
      problems.add(problem);
    }
  }

  private void checkKey(Type key, String path) {
    if (!(key instanceof Class<?> c) || !MapKeys.isKey(c)) {
      problems.add(
          path
              + ": map key "
              + key.getTypeName()
              + " (keys must be strings, numbers, booleans, chars, enums, BigDecimal, BigInteger,"
              + " Instant, Duration, LocalDate or UUID)");
    }
  }

  private static List<Field> stateFieldsUnchecked(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers)
            && !Modifier.isTransient(modifiers)
            && !field.isSynthetic()) {
          fields.add(field);
        }
      }
    }
    return fields;
  }
}
