package org.concoord.runtime.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.core.sync.FencedLock;

/**
 * The fencing token of each lock-like part of the hosted object: the object itself if it is a
 * {@link FencedLock} (the library's {@code Lock}), and each {@code FencedLock} field of its class.
 * Read on the node thread (the object is the node thread's), published for scrapes.
 */
final class FencingTokens {
  /** Locks followed per object: a class with more fields of the kind shows the first ones. */
  static final int LOCKS_MAX = 32;

  private Class<?> scanned;
  private List<Field> fields = List.of();
  private volatile Map<String, Long> tokens = Map.of();

  FencingTokens(Labels constLabels, PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("concoord_object_fencing_token")
        .help("Fencing token of each lock of the hosted object (lock: 'this' or the field).")
        .constLabels(constLabels)
        .labelNames("lock")
        .callback(callback -> tokens.forEach((lock, token) -> callback.call(token, lock)))
        .register(registry);
  }

  /** Node thread: reads the tokens of {@code object} now. */
  void read(Object object) {
    if (object.getClass() != scanned) {
      scanned = object.getClass();
      fields = lockFields(scanned);
    }
    Map<String, Long> now = new TreeMap<>();
    if (object instanceof FencedLock lock) {
      now.put("this", lock.token());
    }
    for (Field field : fields) {
      try {
        if (field.get(object) instanceof FencedLock lock) {
          now.put(field.getName(), lock.token());
        }
      } catch (IllegalAccessException e) {
        // not readable after all: left out
      }
    }
    tokens = Map.copyOf(now);
  }

  private static List<Field> lockFields(Class<?> type) {
    List<Field> found = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())
            && FencedLock.class.isAssignableFrom(field.getType())
            && found.size() < LOCKS_MAX
            && field.trySetAccessible()) {
          found.add(field);
        }
      }
    }
    return List.copyOf(found);
  }
}
