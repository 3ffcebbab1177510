package org.concoord.core.host;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which classes {@link ObjectState} can snapshot, decided from declared types when the object is
 * loaded, so that a replica never discovers at catch-up time that it cannot hand its state over.
 * State is every non-static, non-transient field; each field's declared type must say exactly
 * what to build when reading it back: scalars, strings, enums, arrays, java.util collections and
 * maps with such elements (map keys scalar), records, and plain classes with a no-argument
 * constructor whose fields obey the same rule. Refused: {@code Object}, interfaces and abstract
 * classes other than the collection ones, type variables and wildcards, raw collections, and JDK
 * classes that are not values (threads, streams, {@code Random}).
 */
final class StateCheck {
  private static final Set<Class<?>> SCALARS = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
      Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
      AtomicBoolean.class, AtomicInteger.class, AtomicLong.class, Parked.class);

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
    return raw == c && !c.isArray() && !c.isEnum() && !c.isRecord() && !isJdk(c)
        && !SCALARS.contains(c) && !isHostMachinery(c);
  }

  private void checkInstance(Object instance, String path) {
    if (!walked.add(instance)) {
      return;
    }
    Class<?> type = instance.getClass();
    if (!checkHierarchy(type, path)) {
      return;
    }
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
          && !(value instanceof Collection) && !(value instanceof Map)) {
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
        checkType(declared, at, restoredInPlace(value, declared));
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
      if (isJdk(c)) {
        problems.add(path + ": extends " + c.getName() + ", whose fields are not snapshot state");
        return false;
      }
    }
    Set<String> names = new HashSet<>();
    for (Field field : stateFieldsUnchecked(type)) {
      if (!names.add(field.getName())) {
        problems.add(path + ": field " + field.getName() + " is declared twice in the hierarchy");
        return false;
      }
    }
    return true;
  }

  private void checkType(Type type, String path) {
    checkType(type, path, false);
  }

  private void checkType(Type type, String path, boolean keepsContainer) {
    if (type instanceof Class<?> c) {
      checkDeclared(c, path);
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (!Iterable.class.isAssignableFrom(raw) && !Map.class.isAssignableFrom(raw)) {
        problems.add(path + ": generic class " + raw.getSimpleName()
            + " (declare a concrete, non-generic class)");
        return;
      }
      checkContainer(raw, path, keepsContainer);
      Type[] args = p.getActualTypeArguments();
      if (Map.class.isAssignableFrom(raw) && args.length == 2) {
        checkKey(args[0], path);
        checkType(args[1], path + "[value]");
      } else {
        for (Type arg : args) {
          checkType(arg, path + "[element]");
        }
      }
    } else if (type instanceof GenericArrayType array) {
      checkType(array.getGenericComponentType(), path + "[]");
    } else if (type instanceof TypeVariable<?> variable && bound.contains(variable)) {
      return; // its argument was checked where the generic object is declared
    } else {
      problems.add(path + ": type " + type.getTypeName()
          + " does not say what to build (declare a concrete type)");
    }
  }

  private void checkDeclared(Class<?> c, String path) {
    if (c.isPrimitive() || c.isEnum() || SCALARS.contains(c)) {
      return;
    }
    if (c.isArray()) {
      checkType(c.getComponentType(), path + "[]");
    } else if (Iterable.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
      problems.add(path + ": raw " + c.getSimpleName() + " (give its element types)");
    } else if (c == Object.class || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      problems.add(path + ": declared as " + c.getSimpleName()
          + ", which does not say what to build (declare a concrete type)");
    } else if (isJdk(c)) {
      problems.add(path + ": " + c.getName() + " is not a value a snapshot can carry");
    } else if (isHostMachinery(c)) {
      problems.add(path + ": " + c.getSimpleName() + " is ConCoord machinery, not object state"
          + (c == Caller.class ? " (a Caller is valid only during its own call: keep its Parked)"
              : ""));
    } else if (c.isRecord()) {
      if (visited.add(c)) {
        for (RecordComponent component : c.getRecordComponents()) {
          checkType(component.getGenericType(), path + "." + component.getName());
        }
      }
    } else if (!visited.contains(c)) {
      if (hasNoArgConstructor(c)) {
        checkClass(c, path);
      } else {
        visited.add(c);
        problems.add(path + ": " + c.getSimpleName()
            + " needs a no-argument constructor (any visibility) to be restored");
      }
    }
  }

  private void checkContainer(Class<?> raw, String path, boolean keepsContainer) {
    if (!raw.getName().startsWith("java.util.")
        || raw.getName().startsWith("java.util.concurrent.")) {
      problems.add(path + ": container " + raw.getName()
          + " (use a java.util collection or map)");
    } else if (!keepsContainer && AMBIGUOUS.contains(raw)) {
      // Rebuilt as Jackson's default (LinkedHashMap, HashSet), whose iteration order may differ
      // from the original's: replicas restored from a snapshot would then diverge.
      problems.add(path + ": declared as " + raw.getSimpleName() + "; declare the concrete class "
          + "(HashMap, TreeMap, LinkedHashSet...) so that a snapshot rebuilds the same kind");
    }
  }

  private void checkKey(Type key, String path) {
    if (!(key instanceof Class<?> c) || !(c.isEnum() || (SCALARS.contains(c)
        && c != Parked.class && !c.getName().startsWith("java.util.concurrent")))) {
      problems.add(path + ": map key " + key.getTypeName()
          + " (keys must be strings, numbers, booleans, chars or enums)");
    }
  }

  /** The host's own classes (Caller, ObjectHost...), as opposed to objects that use them. */
  private static boolean isHostMachinery(Class<?> c) {
    return c.getPackageName().equals(StateCheck.class.getPackageName())
        && c.getProtectionDomain().getCodeSource() == StateCheck.class.getProtectionDomain()
            .getCodeSource();
  }

  private static boolean hasNoArgConstructor(Class<?> c) {
    for (Constructor<?> constructor : c.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJdk(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.") || name.startsWith("com.sun.");
  }

  private static List<Field> stateFieldsUnchecked(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)
            && !field.isSynthetic()) {
          fields.add(field);
        }
      }
    }
    return fields;
  }
}
