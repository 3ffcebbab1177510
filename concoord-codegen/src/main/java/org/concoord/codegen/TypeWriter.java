package org.concoord.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.concoord.codegen.model.ObjectModel;
import org.concoord.codegen.model.TypeModel;
import org.concoord.codegen.model.TypeParameterModel;

/**
 * Spells modelled types as Java source for one generated proxy, and collects the imports that
 * spelling needs. A simple name is used when it is unambiguous inside the proxy (imported, same
 * package or java.lang, and not shadowed by an inherited member type); otherwise the canonical
 * name. The types arrive already seen from the object class (see {@link TypeModel}).
 *
 * <p>Single use: one instance per generated file. Deterministic: the same calls in the same order
 * give the same text and imports.
 */
final class TypeWriter {
  static final String TYPE_REF = "org.concoord.client.TypeRef";

  private final String packageName;
  private final Set<String> shadowed;
  private final Predicate<String> inObjectPackage;

  /** Simple name -> the canonical name it stands for in this file. */
  private final Map<String, String> claimed = new HashMap<>();

  private final Set<String> imports = new TreeSet<>();

  /**
   * @param shadowed simple names that resolve to a member type inside the proxy's body (types
   *     nested in the object class or its supertypes, and the proxy's own nested class)
   */
  TypeWriter(ObjectModel object, Set<String> shadowed) {
    this.packageName = object.packageName();
    this.shadowed = Set.copyOf(shadowed);
    this.inObjectPackage = object.inPackage();
  }

  /** The imports used so far, sorted. */
  List<String> imports() {
    return new ArrayList<>(imports);
  }

  /** The type as written in a declaration: {@code Map<String, List<Long>>}. */
  String spell(TypeModel type) {
    if (type instanceof TypeModel.Primitive p) {
      return p.name();
    } else if (type instanceof TypeModel.Array a) {
      return spell(a.component()) + "[]";
    } else if (type instanceof TypeModel.Declared d) {
      if (d.arguments().isEmpty()) {
        return className(d);
      }
      List<String> arguments = new ArrayList<>();
      for (TypeModel argument : d.arguments()) {
        arguments.add(spell(argument));
      }
      return className(d) + "<" + String.join(", ", arguments) + ">";
    } else if (type instanceof TypeModel.Wildcard w) {
      if (w.lower() != null) {
        return "? super " + spell(w.lower());
      }
      return w.upper() == null ? "?" : "? extends " + spell(w.upper());
    }
    return ((TypeModel.Variable) type).name();
  }

  /** The type as it may appear as a type argument: primitives boxed, void as Void. */
  String spellBoxed(TypeModel type) {
    return type instanceof TypeModel.Primitive p ? className(box(p)) : spell(type);
  }

  /**
   * The type declaration of method type variables, e.g. {@code <T extends Comparable<T>> }, with a
   * trailing space, or the empty string if there are none.
   */
  String typeParameters(List<TypeParameterModel> variables) {
    if (variables.isEmpty()) {
      return "";
    }
    List<String> declared = new ArrayList<>();
    for (TypeParameterModel variable : variables) {
      List<String> bounds = new ArrayList<>();
      for (TypeModel bound : variable.bounds()) {
        bounds.add(spell(bound));
      }
      declared.add(
          variable.name() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", declared) + "> ";
  }

  /**
   * A {@code java.lang.reflect.Type} expression for the client's decoder: {@code int.class}, {@code
   * String.class}, {@code TypeRef.of(List.class, Long.class)}. Type variables become the erasure of
   * their bound, wildcards their upper bound; a generic array becomes its erasure, as TypeRef has
   * no form for it.
   */
  String literal(TypeModel type) {
    if (type instanceof TypeModel.Declared d && !d.arguments().isEmpty()) {
      StringBuilder text =
          new StringBuilder(name(TYPE_REF)).append(".of(").append(className(d)).append(".class");
      for (TypeModel argument : d.arguments()) {
        text.append(", ").append(literal(argument));
      }
      return text.append(")").toString();
    } else if (type instanceof TypeModel.Wildcard w) {
      return w.lower() != null
          ? "Object.class"
          : literal(w.upper() == null ? TypeModel.OBJECT : w.upper());
    }
    return spell(type.erasure()) + ".class";
  }

  /** Whether {@code type} is an array of references (which Java would spread over varargs). */
  boolean isReferenceArray(TypeModel type) {
    return type.erasure() instanceof TypeModel.Array a
        && !(a.component() instanceof TypeModel.Primitive);
  }

  /** The name of a non-array class as this file can write it, importing it when that helps. */
  String className(TypeModel.Declared type) {
    if (!claim(type.topLevel(), type.topLevelName(), type.packageName())) {
      return type.canonicalName();
    }
    return type.topLevel() + type.nested();
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
    if (javaLang && !samePackage && inObjectPackage.test(simple)) {
      return false; // a class of the object's package with this name would hide java.lang's
    }
    claimed.put(simple, qualified);
    if (!samePackage && !javaLang) {
      imports.add(qualified);
    }
    return true;
  }

  static TypeModel.Declared box(TypeModel.Primitive primitive) {
    String boxed =
        switch (primitive.name()) {
          case "int" -> "Integer";
          case "char" -> "Character";
          default ->
              Character.toUpperCase(primitive.name().charAt(0)) + primitive.name().substring(1);
        };
    return TypeModel.Declared.of("java.lang", boxed);
  }
}
