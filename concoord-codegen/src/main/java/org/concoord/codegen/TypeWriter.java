package org.concoord.codegen;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Spells reflected types as Java source for one generated proxy, and collects the imports that
 * spelling needs. A simple name is used when it is unambiguous inside the proxy (imported, same
 * package or java.lang, and not shadowed by an inherited member type); otherwise the canonical
 * name. Type variables of the object's supertypes are replaced by what the object class binds them
 * to, because the proxy overrides the methods as the object class sees them.
 *
 * <p>Single use: one instance per generated file. Deterministic: the same calls in the same order
 * give the same text and imports.
 */
final class TypeWriter {
  static final String TYPE_REF = "org.concoord.client.TypeRef";

  private final String packageName;
  private final Map<TypeVariable<?>, Type> bindings;
  private final Set<String> shadowed;
  private final ClassLoader loader;
  /** Simple name -> the canonical name it stands for in this file. */
  private final Map<String, String> claimed = new HashMap<>();
  private final Set<String> imports = new TreeSet<>();

  /**
   * @param shadowed simple names that resolve to a member type inside the proxy's body (types
   *     nested in the object class or its supertypes, and the proxy's own nested class)
   */
  TypeWriter(Class<?> objectClass, Set<String> shadowed) {
    this.packageName = objectClass.getPackageName();
    this.bindings = Supertypes.bindings(objectClass);
    this.shadowed = Set.copyOf(shadowed);
    this.loader = objectClass.getClassLoader();
  }

  /** The imports used so far, sorted. */
  List<String> imports() {
    return new ArrayList<>(imports);
  }

  /** The type as written in a declaration: {@code Map<String, List<Long>>}. */
  String spell(Type type) {
    if (type instanceof Class<?> c) {
      return c.isArray() ? spell(c.getComponentType()) + "[]" : className(c);
    } else if (type instanceof ParameterizedType p) {
      List<String> arguments = new ArrayList<>();
      for (Type argument : p.getActualTypeArguments()) {
        arguments.add(spell(argument));
      }
      return className((Class<?>) p.getRawType()) + "<" + String.join(", ", arguments) + ">";
    } else if (type instanceof GenericArrayType a) {
      return spell(a.getGenericComponentType()) + "[]";
    } else if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + spell(w.getLowerBounds()[0]);
      }
      Type upper = w.getUpperBounds()[0];
      return upper == Object.class ? "?" : "? extends " + spell(upper);
    } else if (type instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      return bound != null ? spell(bound) : v.getName();
    }
    throw new IllegalArgumentException("cannot spell type " + type);
  }

  /** The type as it may appear as a type argument: primitives boxed, void as Void. */
  String spellBoxed(Type type) {
    return type instanceof Class<?> c && c.isPrimitive() ? className(box(c)) : spell(type);
  }

  /**
   * The type declaration of method type variables, e.g. {@code <T extends Comparable<T>> }, with
   * a trailing space, or the empty string if there are none.
   */
  String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    List<String> declared = new ArrayList<>();
    for (TypeVariable<?> variable : variables) {
      List<String> bounds = new ArrayList<>();
      for (Type bound : variable.getBounds()) {
        if (bound != Object.class) {
          bounds.add(spell(bound));
        }
      }
      declared.add(variable.getName() + (bounds.isEmpty() ? "" : " extends "
          + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", declared) + "> ";
  }

  /**
   * A {@code java.lang.reflect.Type} expression for the client's decoder: {@code int.class},
   * {@code String.class}, {@code TypeRef.of(List.class, Long.class)}. Type variables become the
   * erasure of their bound, wildcards their upper bound; a generic array becomes its erasure, as
   * TypeRef has no form for it.
   */
  String literal(Type type) {
    if (type instanceof Class<?> c) {
      return spell(c) + ".class";
    } else if (type instanceof ParameterizedType p) {
      StringBuilder text = new StringBuilder(name(TYPE_REF)).append(".of(")
          .append(className((Class<?>) p.getRawType())).append(".class");
      for (Type argument : p.getActualTypeArguments()) {
        text.append(", ").append(literal(argument));
      }
      return text.append(")").toString();
    } else if (type instanceof WildcardType w) {
      return w.getLowerBounds().length > 0 ? "Object.class" : literal(w.getUpperBounds()[0]);
    } else if (type instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      return bound != null ? literal(bound) : spell(erasure(v)) + ".class";
    } else if (type instanceof GenericArrayType) {
      return spell(erasure(type)) + ".class";
    }
    throw new IllegalArgumentException("cannot write a type literal for " + type);
  }

  /** Whether {@code type} is an array of references (which Java would spread over varargs). */
  boolean isReferenceArray(Type type) {
    Class<?> erased = erasure(type);
    return erased.isArray() && !erased.getComponentType().isPrimitive();
  }

  /** The class the type erases to, seen from the object class. */
  Class<?> erasure(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    } else if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    } else if (type instanceof GenericArrayType a) {
      return erasure(a.getGenericComponentType()).arrayType();
    } else if (type instanceof WildcardType w) {
      return erasure(w.getUpperBounds()[0]);
    } else if (type instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      return erasure(bound != null ? bound : v.getBounds()[0]);
    }
    throw new IllegalArgumentException("cannot erase type " + type);
  }

  /** The name of a non-array class as this file can write it, importing it when that helps. */
  String className(Class<?> type) {
    if (type.isPrimitive()) {
      return type.getName();
    }
    String canonical = type.getCanonicalName();
    if (canonical == null) {
      throw new IllegalArgumentException(type.getName()
          + " is a local or anonymous class: a proxy cannot name it in a signature");
    }
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String topName = top.getCanonicalName();
    String simple = top.getSimpleName();
    String nested = canonical.substring(topName.length()); // ".Inner" or ""
    if (!claim(simple, topName, top.getPackageName())) {
      return canonical;
    }
    return simple + nested;
  }

  /**
   * The name of a top-level class given by its qualified name (for the client library's classes,
   * which the generator does not load), importing it when that helps.
   */
  String name(String qualified) {
    int dot = qualified.lastIndexOf('.');
    String simple = qualified.substring(dot + 1);
    String typePackage = dot < 0 ? "" : qualified.substring(0, dot);
    return claim(simple, qualified, typePackage) ? simple : qualified;
  }

  /** Claims {@code simple} for {@code qualified} in this file; false if it must be qualified. */
  private boolean claim(String simple, String qualified, String typePackage) {
    String owner = claimed.get(simple);
    if (owner != null) {
      return owner.equals(qualified);
    }
    if (shadowed.contains(simple) || typePackage.isEmpty() && !packageName.isEmpty()) {
      return false;
    }
    boolean samePackage = typePackage.equals(packageName);
    boolean javaLang = typePackage.equals("java.lang");
    if (javaLang && !samePackage && existsInObjectPackage(simple)) {
      return false; // a class of the object's package with this name would hide java.lang's
    }
    claimed.put(simple, qualified);
    if (!samePackage && !javaLang) {
      imports.add(qualified);
    }
    return true;
  }

  private boolean existsInObjectPackage(String simple) {
    String name = packageName.isEmpty() ? simple : packageName + "." + simple;
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static Class<?> box(Class<?> primitive) {
    return switch (primitive.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "boolean" -> Boolean.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "char" -> Character.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "void" -> Void.class;
      default -> primitive;
    };
  }
}
