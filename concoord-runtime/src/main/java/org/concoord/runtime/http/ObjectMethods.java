package org.concoord.runtime.http;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.host.Caller;
import org.concoord.core.host.HostedMethods;
import org.concoord.core.value.ArgsDecoder;
import org.concoord.core.value.ValueException;

/**
 * The object's callable methods as the HTTP API sees them: the same set the replicas dispatch
 * ({@link HostedMethods}), each overload with its client parameters (a {@link Caller} parameter is
 * supplied by the replicas) and a decoder to check arguments before anything is sent, so that a bad
 * call is answered 400/404 here without taking a slot. Immutable.
 */
final class ObjectMethods {
  /** One overload: the method, its client parameters, and its argument decoder (null if none). */
  record Overload(Method method, List<Type> types, List<String> names, ArgsDecoder decoder) {}

  private final Class<?> objectClass;
  private final Map<String, List<Overload>> byName;

  ObjectMethods(Class<?> objectClass) {
    this.objectClass = objectClass;
    Map<String, List<Overload>> table = new LinkedHashMap<>();
    HostedMethods.of(objectClass)
        .forEach(
            (name, methods) -> {
              List<Overload> overloads = new ArrayList<>();
              for (Method method : methods) {
                if (!method.isBridge()) {
                  overloads.add(overload(objectClass, method));
                }
              }
              table.put(name, List.copyOf(overloads));
            });
    this.byName = Collections.unmodifiableMap(table);
  }

  private static Overload overload(Class<?> objectClass, Method method) {
    List<Type> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Parameter[] parameters = method.getParameters();
    Type[] generic = method.getGenericParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i].getType() == Caller.class) {
        continue;
      }
      types.add(generic.length == parameters.length ? generic[i] : parameters[i].getType());
      names.add(parameters[i].isNamePresent() ? parameters[i].getName() : "arg" + i);
    }
    ArgsDecoder decoder;
    try {
      decoder = new ArgsDecoder(objectClass.getSimpleName() + "." + method.getName(), types, names);
    } catch (ValueException | IllegalArgumentException e) {
      decoder = null; // e.g. a type variable only the replicas' bindings resolve: they check
    }
    return new Overload(method, List.copyOf(types), List.copyOf(names), decoder);
  }

  Class<?> objectClass() {
    return objectClass;
  }

  Map<String, List<Overload>> all() {
    return byName;
  }

  /** The overloads of {@code name}, or null if the object has no such method. */
  List<Overload> named(String name) {
    return byName.get(name);
  }

  /**
   * Null if {@code args} (an encoded list of {@code count} values) fits an overload of {@code
   * name}, else why not, naming the method and the argument.
   */
  String refusal(String name, int count, byte[] args) {
    List<Overload> overloads = byName.get(name);
    for (Overload overload : overloads) {
      if (overload.types().size() == count) {
        if (overload.decoder() == null) {
          return null;
        }
        try {
          overload.decoder().decode(args);
          return null;
        } catch (ValueException e) {
          return e.getMessage();
        } catch (RuntimeException e) { // decoding may run user code (a record's hashCode)
          return "argument decoding threw " + e;
        }
      }
    }
    StringBuilder arities = new StringBuilder();
    for (Overload overload : overloads) {
      arities.append(arities.length() == 0 ? "" : " or ").append(overload.types().size());
    }
    return objectClass.getSimpleName()
        + "."
        + name
        + " takes "
        + arities
        + " argument(s), got "
        + count;
  }
}
