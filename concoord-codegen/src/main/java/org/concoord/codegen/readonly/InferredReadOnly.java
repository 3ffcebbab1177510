package org.concoord.codegen.readonly;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.concoord.core.host.ReadOnlyJudge;

/**
 * The read-only judge of a node that loads its object's class files: a method is read-only when
 * {@link ReadOnlyAnalysis} finds no write reachable from it, marked {@code @ReadOnly} or not (a
 * marked method that writes is refused by the object check; under {@code --unchecked} it is
 * simply not read-only). Classes are analysed once, when first asked about.
 *
 * <p>Not thread-safe: asked from the replica's thread (the catalog prepares classes there).
 */
public final class InferredReadOnly implements ReadOnlyJudge {
  private final Map<String, byte[]> classFiles;
  private final Map<Class<?>, Set<Method>> readOnly = new HashMap<>();

  public InferredReadOnly(Map<String, byte[]> classFiles) {
    this.classFiles = Map.copyOf(classFiles);
  }

  @Override
  public boolean isReadOnly(Class<?> objectClass, Method method) {
    return readOnly.computeIfAbsent(objectClass, this::analyse).contains(method);
  }

  private Set<Method> analyse(Class<?> objectClass) {
    Set<Method> found = new HashSet<>();
    try {
      for (ReadOnlyVerdict verdict : ReadOnlyAnalysis.of(objectClass, classFiles)) {
        if (verdict.readOnly()) {
          found.add(verdict.method());
        }
      }
    } catch (RuntimeException e) {
      return Set.of(); // what cannot be analysed goes through the log: slower, never wrong
    }
    return found;
  }
}
