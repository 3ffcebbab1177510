package org.concoord.core.host;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
    Map<String, List<Method>> byName = new HashMap<>();
    Method[] methods = objectClass.getMethods();
    // Generic bridges go last, so they only fill in where no real method has the same arity
    // (javac's visibility bridges for a package-private superclass are the case that needs it).
    Arrays.sort(methods, Comparator.comparing(Method::isBridge));
    for (Method method : methods) {
      if (Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class
          || SessionAware.isCallback(method)) {
        continue;
      }
      if (method.getName().equals(ObjectHost.INIT_METHOD)) {
        throw new IllegalArgumentException(objectClass.getName() + " declares "
            + ObjectHost.INIT_METHOD + ", a name ConCoord reserves");
      }
      add(objectClass, byName.computeIfAbsent(method.getName(), n -> new ArrayList<>()), method);
    }
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

  private static void add(Class<?> objectClass, List<Method> overloads, Method method) {
    int arity = arity(method);
    for (int i = 0; i < overloads.size(); i++) {
      Method other = overloads.get(i);
      if (arity(other) != arity) {
        continue;
      }
      if (method.isBridge()) {
        return;
      }
      if (Arrays.equals(other.getParameterTypes(), method.getParameterTypes())) {
        // The same method seen through two supertypes: keep the more specific declaration.
        if (other.getDeclaringClass().isAssignableFrom(method.getDeclaringClass())) {
          overloads.set(i, method);
        }
        return;
      }
      throw new IllegalArgumentException(objectClass.getName() + " has two public methods '"
          + method.getName() + "' taking " + arity + (arity == 1 ? " argument: " : " arguments: ")
          + other.toGenericString() + " and " + method.toGenericString()
          + "; ConCoord tells overloads apart by their number of arguments only");
    }
    overloads.add(method);
  }

  private static int arity(Method method) {
    int arity = 0;
    for (Class<?> type : method.getParameterTypes()) {
      arity += type == Caller.class ? 0 : 1;
    }
    return arity;
  }
}
