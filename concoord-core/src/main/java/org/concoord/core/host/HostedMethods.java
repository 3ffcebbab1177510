package org.concoord.core.host;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which methods of an object class a client can call, as the host dispatches them: the public
 * instance methods of the class and its supertypes except Object's own and the host's session
 * callback, grouped by name, overloads told apart by their number of client arguments (a {@link
 * Caller} parameter is supplied by the replicas and does not count). The host's method table and
 * the proxy generator both use it, so a proxy forwards exactly what the host accepts.
 */
public final class HostedMethods {
  private HostedMethods() {}

  /**
   * name -> overloads, in the order {@link Class#getMethods} gives them.
   *
   * @throws IllegalArgumentException if two overloads take the same number of client arguments, or
   *     the class declares the reserved {@value ObjectHost#INIT_METHOD}
   */
  public static Map<String, List<Method>> of(Class<?> objectClass) {
    Map<String, List<Method>> byName = new LinkedHashMap<>();
    Method[] methods = objectClass.getMethods();
    // Generic bridges go last, so they only fill in where no real method has the same arity
    // (javac's visibility bridges for a package-private superclass are the case that needs it).
    Arrays.sort(methods, Comparator.comparing(Method::isBridge));
    for (Method method : methods) {
      if (Modifier.isStatic(method.getModifiers())
          || method.getDeclaringClass() == Object.class
          || SessionAware.isCallback(method)
          || StateMigration.isMigrationMethod(method)) {
        continue; // the session callback and the upgrade's migration are never a client's to call
      }
      if (method.getName().equals(ObjectHost.INIT_METHOD)) {
        throw new IllegalArgumentException(
            objectClass.getSimpleName()
                + "."
                + ObjectHost.INIT_METHOD
                + "(): "
                + ObjectHost.INIT_METHOD
                + " is reserved (ConCoord"
                + " reserves it for the call that re-runs the constructor on every replica); rename"
                + " the method");
      }
      add(objectClass, byName.computeIfAbsent(method.getName(), n -> new ArrayList<>()), method);
    }
    return byName;
  }

  /** The number of arguments a client sends: Caller parameters are supplied by the replicas. */
  public static int arity(Method method) {
    int arity = 0;
    for (Class<?> type : method.getParameterTypes()) {
      arity += type == Caller.class ? 0 : 1;
    }
    return arity;
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
      throw new IllegalArgumentException(
          objectClass.getName()
              + " has two public methods '"
              + method.getName()
              + "' taking "
              + arity
              + (arity == 1 ? " argument" : " arguments")
              + " ("
              + other.toGenericString()
              + " and "
              + method.toGenericString()
              + "): ConCoord"
              + " tells overloads apart by their number of arguments only");
    }
    overloads.add(method);
  }
}
