package org.concoord.codegen;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.concoord.core.host.HostedMethods;
import org.concoord.core.host.SessionAware;

/**
 * The methods a proxy must forward: exactly those the object host dispatches (the public instance
 * methods of the class and its supertypes except Object's own, one per name and arity, Caller
 * parameters not counted), sorted by name, then arity. The same rules as the host's method table,
 * so that the proxy and the replicas agree on what a call means; checked here at generation time
 * rather than when the first replica starts.
 */
final class ProxyMethods {
  /** Members the proxy declares itself, which a forwarded method must not clash with. */
  private static final List<String> PROXY_OWN = List.of("close(0)", "async(0)");

  private ProxyMethods() {}

  /** The forwarded methods of {@code objectClass}, sorted by name then arity. */
  static List<Method> of(Class<?> objectClass) {
    Map<String, List<Method>> byName = HostedMethods.of(objectClass); // what the host dispatches
    List<Method> forwarded = new ArrayList<>();
    for (List<Method> overloads : byName.values()) {
      for (Method method : overloads) {
        if (isLocal(method)) {
          continue;
        }
        check(objectClass, method, method.getName() + "(" + arity(method) + ")");
        forwarded.add(method);
      }
    }
    forwarded.sort(Comparator.comparing(Method::getName).thenComparingInt(ProxyMethods::arity));
    return forwarded;
  }

  /** The methods that stay local on the proxy (not forwarded), for the generator's notes. */
  static List<Method> local(Class<?> objectClass) {
    List<Method> local = new ArrayList<>();
    for (Method method : objectClass.getMethods()) {
      if (method.getDeclaringClass() != Object.class && !method.isBridge()
          && !Modifier.isStatic(method.getModifiers()) && isLocal(method)) {
        local.add(method);
      }
    }
    local.sort(Comparator.comparing(Method::getName));
    return local;
  }

  /**
   * Overrides of equals, hashCode and finalize stay local on the proxy: its equality, hash and
   * life cycle are its own (a remote hashCode would make every HashMap lookup a network call).
   */
  private static boolean isLocal(Method method) {
    Class<?>[] types = method.getParameterTypes();
    return switch (method.getName()) {
      case "equals" -> types.length == 1 && types[0] == Object.class;
      case "hashCode", "finalize" -> types.length == 0;
      default -> SessionAware.isCallback(method);
    };
  }

  private static void check(Class<?> objectClass, Method method, String key) {
    if (Modifier.isFinal(method.getModifiers())) {
      throw new IllegalArgumentException(label(objectClass, method) + " is final: the proxy"
          + " must override every public method to forward it; remove final");
    }
    if (PROXY_OWN.contains(key)) {
      throw new IllegalArgumentException(label(objectClass, method) + " clashes with the"
          + " proxy's own " + method.getName() + "(); rename the method");
    }
  }

  /** The number of arguments a client sends: Caller parameters are supplied by the replicas. */
  static int arity(Method method) {
    return HostedMethods.arity(method);
  }

  static boolean takesCaller(Method method) {
    return arity(method) != method.getParameterCount();
  }

  static String label(Class<?> objectClass, Method method) {
    List<String> types = new ArrayList<>();
    for (Class<?> type : method.getParameterTypes()) {
      types.add(type.getSimpleName());
    }
    return objectClass.getName() + "." + method.getName() + "(" + String.join(", ", types) + ")";
  }
}
