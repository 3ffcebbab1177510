package org.concoord.codegen.model;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What a class inherits, as the proxy generator needs it. Pure functions over reflection. */
final class Supertypes {
  private Supertypes() {}

  /**
   * The type variables of every generic supertype, bound to what {@code type} passes for them
   * ({@code class Bag extends Base<Long>}: Base's T -> Long), resolved through intermediate
   * supertypes. A supertype extended raw leaves its variables unbound.
   */
  static Map<TypeVariable<?>, Type> bindings(Class<?> type) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    collect(type, bindings);
    return bindings;
  }

  private static void collect(Type type, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] arguments = p.getActualTypeArguments();
      for (int i = 0; i < variables.length; i++) {
        Type argument = arguments[i];
        // An argument naming a subclass's variable is replaced by that variable's binding.
        Type resolved = argument instanceof TypeVariable<?> v ? bindings.get(v) : argument;
        if (resolved != null) {
          bindings.putIfAbsent(variables[i], resolved);
        }
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return;
    }
    if (raw.getGenericSuperclass() != null) {
      collect(raw.getGenericSuperclass(), bindings);
    }
    for (Type implemented : raw.getGenericInterfaces()) {
      collect(implemented, bindings);
    }
  }

  /**
   * Whether {@code method} is inherited through a raw supertype, so that the object class sees it
   * erased and an override must be written with erased types.
   */
  static boolean isInheritedRaw(
      Class<?> objectClass, Method method, Map<TypeVariable<?>, Type> bindings) {
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == objectClass) {
      return false;
    }
    for (TypeVariable<?> variable : declaring.getTypeParameters()) {
      if (!bindings.containsKey(variable)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Simple names of the member types visible inside a subclass of {@code type}: they would hide an
   * imported class of the same simple name in the proxy's body.
   */
  static Set<String> memberTypeNames(Class<?> type) {
    Set<String> names = new HashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      addMemberTypes(c, names);
      for (Class<?> implemented : c.getInterfaces()) {
        addInterfaceMemberTypes(implemented, names);
      }
    }
    return names;
  }

  private static void addInterfaceMemberTypes(Class<?> type, Set<String> names) {
    addMemberTypes(type, names);
    for (Class<?> implemented : type.getInterfaces()) {
      addInterfaceMemberTypes(implemented, names);
    }
  }

  private static void addMemberTypes(Class<?> type, Set<String> names) {
    for (Class<?> member : type.getDeclaredClasses()) {
      if (!Modifier.isPrivate(member.getModifiers())) {
        names.add(member.getSimpleName());
      }
    }
  }
}
