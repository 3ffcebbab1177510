package org.concoord.core.host;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who hears that a client's session expired: every {@link SessionAware} value held in a field of
 * the hosted object, then the object itself if it is {@link SessionAware}. An object that keeps a
 * lock or a wait queue of {@code org.concoord.core.sync} in a field thus needs no callback of its
 * own, and one that has a callback finds the client's waiters already gone from its queues.
 *
 * <p>The fields are the instance fields declared by the object's class and its superclasses, the
 * class's own first and each class's in name order, so every replica tells them in the same order.
 * A field holding an array, a collection or a map counts its elements (a map, its values), in their
 * own order: keep such fields in ordered collections. Not searched: fields of the primitives of
 * {@code org.concoord.core.sync} (each tells its own parts) and of the JDK's classes. One level
 * only: a listener inside a field's object is that object's to tell. Each listener hears an expiry
 * once, however many fields hold it.
 *
 * <p>Not thread-safe; built once per hosted class. Reads fields reflectively, runs no user code but
 * the callbacks and the iterators of the collections it is given.
 */
final class SessionListeners {
  /** The package whose classes tell their own fields. */
  private static final String PRIMITIVES_PACKAGE = "org.concoord.core.sync";

  private final List<Field> fields;

  private SessionListeners(List<Field> fields) {
    this.fields = fields;
  }

  static SessionListeners of(Class<?> objectClass) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = objectClass; c != null && searched(c); c = c.getSuperclass()) {
      Field[] declared = c.getDeclaredFields();
      Arrays.sort(declared, Comparator.comparing(Field::getName));
      for (Field field : declared) {
        if (!Modifier.isStatic(field.getModifiers())
            && !field.isSynthetic()
            && !field.getType().isPrimitive()
            && field.trySetAccessible()) {
          fields.add(field);
        }
      }
    }
    return new SessionListeners(List.copyOf(fields));
  }

  /** Whether any field may hold a listener. */
  boolean any() {
    return !fields.isEmpty();
  }

  /**
   * Tells the listeners of {@code instance}, fields first and then the instance, that {@code
   * clientId}'s session expired. A listener that throws does not keep the others from hearing it
   * (the session is gone all the same); OutOfMemoryError propagates.
   */
  void sessionExpired(Object instance, long clientId) {
    Set<Object> told = Collections.newSetFromMap(new IdentityHashMap<>());
    told.add(instance); // told last, as itself
    for (Field field : fields) {
      for (SessionAware listener : listeners(field, instance)) {
        if (told.add(listener)) {
          tell(listener, clientId);
        }
      }
    }
    if (instance instanceof SessionAware aware) {
      tell(aware, clientId);
    }
  }

  /** The SessionAware values in {@code field} of {@code instance}. */
  private static List<SessionAware> listeners(Field field, Object instance) {
    List<SessionAware> found = new ArrayList<>();
    try {
      Object value = field.get(instance);
      if (value instanceof SessionAware aware) {
        found.add(aware);
        return found;
      }
      if (value instanceof Object[] array) {
        value = Arrays.asList(array);
      } else if (value instanceof Map<?, ?> map) {
        value = map.values();
      }
      if (value instanceof Iterable<?> elements) {
        for (Object element : elements) {
          if (element instanceof SessionAware aware) {
            found.add(aware);
          }
        }
      }
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable ignored) {
      // A collection whose iterator throws is the object's bug; its listeners go untold.
    }
    return found;
  }

  private static void tell(SessionAware listener, long clientId) {
    try {
      listener.sessionExpired(clientId);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable ignored) {
      // The object's own bug; the client's session is gone all the same.
    }
  }

  private static boolean searched(Class<?> c) {
    return c != Object.class
        && !c.getModule().isNamed()
        && !c.getPackageName().equals(PRIMITIVES_PACKAGE);
  }
}
