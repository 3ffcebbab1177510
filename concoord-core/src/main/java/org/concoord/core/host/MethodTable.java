package org.concoord.core.host;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The callable methods of an object class, by name and then by arity: the public instance methods
 * of the class and its supertypes except Object's own (an overridden toString, equals or hashCode
 * is the class's own and is callable; Object's toString would print an identity hash, which
 * differs between replicas). Overloads are told apart by arity only, so two overloads with the
 * same arity make the class unusable, said at construction. Built once; read-only afterwards.
 */
final class MethodTable {
  private MethodTable() {}

  /** name -> invokers indexed by arity (null where no overload has that arity). */
  static Map<String, Invoker[]> build(Class<?> objectClass) {
    Map<String, List<Method>> byName = HostedMethods.of(objectClass);
    Map<String, Invoker[]> table = new HashMap<>();
    for (Map.Entry<String, List<Method>> entry : byName.entrySet()) {
      Invoker[] byArity = null;
      for (Method method : entry.getValue()) {
        Invoker invoker = Invoker.of(objectClass, method);
        if (byArity == null || byArity.length <= invoker.arity) {
          byArity = byArity == null ? new Invoker[invoker.arity + 1]
              : Arrays.copyOf(byArity, invoker.arity + 1);
        }
        byArity[invoker.arity] = invoker;
      }
      table.put(entry.getKey(), byArity);
    }
    return table;
  }
}
