package org.concoord.codegen.model;

import java.util.List;
import java.util.Objects;

/**
 * A Java type as a proxy spells it, already seen from the object class: type variables of its
 * generic supertypes are replaced by what the class binds them to, and a method inherited through a
 * raw supertype has erased types. Produced from reflection ({@link ReflectedObjects}) for {@code
 * concoord object} and from {@code javax.lang.model} ({@link ElementObjects}) for the annotation
 * processor, so that one generator writes both proxies.
 */
public sealed interface TypeModel {
  TypeModel OBJECT = Declared.of("java.lang", "Object");

  /** {@code int}, {@code void}, ... */
  record Primitive(String name) implements TypeModel {
    public Primitive {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A class or interface: {@code packageName}, the simple name of its top-level class, the path of
   * nested names after it ({@code ".Inner"} or empty), and its type arguments (empty when the type
   * is not generic or raw).
   */
  record Declared(String packageName, String topLevel, String nested, List<TypeModel> arguments)
      implements TypeModel {
    public Declared {
      Objects.requireNonNull(packageName, "packageName");
      Objects.requireNonNull(topLevel, "topLevel");
      Objects.requireNonNull(nested, "nested");
      arguments = List.copyOf(arguments);
    }

    public static Declared of(String packageName, String simpleName) {
      return new Declared(packageName, simpleName, "", List.of());
    }

    /** The canonical name of the top-level class: {@code java.util.Map}. */
    public String topLevelName() {
      return packageName.isEmpty() ? topLevel : packageName + "." + topLevel;
    }

    /** The canonical name: {@code java.util.Map.Entry}. */
    public String canonicalName() {
      return topLevelName() + nested;
    }

    /** The same class without type arguments. */
    public Declared raw() {
      return arguments.isEmpty() ? this : new Declared(packageName, topLevel, nested, List.of());
    }
  }

  record Array(TypeModel component) implements TypeModel {
    public Array {
      Objects.requireNonNull(component, "component");
    }
  }

  /** A method's type variable, with the erasure of its bound (for class literals). */
  record Variable(String name, TypeModel erasure) implements TypeModel {
    public Variable {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(erasure, "erasure");
    }
  }

  /** {@code ?}, {@code ? extends upper} or {@code ? super lower}; null where absent. */
  record Wildcard(TypeModel upper, TypeModel lower) implements TypeModel {}

  /** The type without type arguments or variables, as a class literal can name it. */
  default TypeModel erasure() {
    if (this instanceof Declared d) {
      return d.raw();
    } else if (this instanceof Array a) {
      return new Array(a.component().erasure());
    } else if (this instanceof Variable v) {
      return v.erasure();
    } else if (this instanceof Wildcard w) {
      return w.upper() == null ? OBJECT : w.upper().erasure();
    }
    return this;
  }

  /** The simple name as {@code Class.getSimpleName} gives it: {@code String[]}, {@code Entry}. */
  default String simpleName() {
    TypeModel erased = erasure();
    if (erased instanceof Declared d) {
      String nested = d.nested();
      return nested.isEmpty() ? d.topLevel() : nested.substring(nested.lastIndexOf('.') + 1);
    } else if (erased instanceof Array a) {
      return a.component().simpleName() + "[]";
    }
    return ((Primitive) erased).name();
  }
}
