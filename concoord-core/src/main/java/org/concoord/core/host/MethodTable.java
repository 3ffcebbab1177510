package org.concoord.core.host;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.access.Access;
import org.concoord.core.access.AccessRole;

/**
 * The callable methods of an object class, by name and then by arity: the public instance methods
 * of the class and its supertypes except Object's own (an overridden toString, equals or hashCode
 * is the class's own and is callable; Object's toString would print an identity hash, which differs
 * between replicas). Overloads are told apart by arity only, so two overloads with the same arity
 * make the class unusable, said at construction. Built once; read-only afterwards.
 */
final class MethodTable {
  private MethodTable() {}

  /**
   * name -> the role its {@link Access} annotation names, for the methods whose every overload
   * names the same role (overloads that disagree, or are unannotated, need the default).
   */
  /** The names whose every callable overload carries {@link ReadOnly}. */
  static java.util.Set<String> readOnly(Class<?> objectClass) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Map.Entry<String, List<Method>> entry : HostedMethods.of(objectClass).entrySet()) {
      if (entry.getValue().stream().allMatch(m -> m.isAnnotationPresent(ReadOnly.class))) {
        names.add(entry.getKey());
      }
    }
    return java.util.Set.copyOf(names);
  }

  static Map<String, AccessRole> access(Class<?> objectClass) {
    Map<String, AccessRole> roles = new HashMap<>();
    for (Map.Entry<String, List<Method>> entry : HostedMethods.of(objectClass).entrySet()) {
      AccessRole role = null;
      boolean agree = true;
      boolean first = true;
      for (Method method : entry.getValue()) {
        Access annotation = method.getAnnotation(Access.class);
        AccessRole named = annotation == null ? null : annotation.value();
        agree &= first || role == named;
        role = named;
        first = false;
      }
      if (agree && role != null) {
        roles.put(entry.getKey(), role);
      }
    }
    return roles;
  }

  /** name -> invokers indexed by arity (null where no overload has that arity). */
  static Map<String, Invoker[]> build(Class<?> objectClass) {
    Map<String, List<Method>> byName = HostedMethods.of(objectClass);
    Map<String, Invoker[]> table = new HashMap<>();
    for (Map.Entry<String, List<Method>> entry : byName.entrySet()) {
      Invoker[] byArity = null;
      for (Method method : entry.getValue()) {
        Invoker invoker = Invoker.of(objectClass, method);
        if (byArity == null || byArity.length <= invoker.arity) {
          byArity =
              byArity == null
                  ? new Invoker[invoker.arity + 1]
                  : Arrays.copyOf(byArity, invoker.arity + 1);
        }
        byArity[invoker.arity] = invoker;
      }
      table.put(entry.getKey(), byArity);
    }
    return table;
  }
}
