package org.concoord.codegen.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.concoord.core.host.Caller;
import org.concoord.core.host.HostedMethods;
import org.concoord.core.host.SessionAware;

/**
 * The {@link ObjectModel} of a loaded class, for {@code concoord object} and the build's generated
 * proxies. The methods are those {@link HostedMethods} gives, so that a proxy forwards exactly what
 * the host dispatches. Loads no class but through the given one; runs no user code.
 */
public final class ReflectedObjects {
  private final Class<?> objectClass;
  private final Map<TypeVariable<?>, Type> bindings;

  private ReflectedObjects(Class<?> objectClass) {
    this.objectClass = objectClass;
    this.bindings = Supertypes.bindings(objectClass);
  }

  /**
   * The model of {@code objectClass}.
   *
   * @throws IllegalArgumentException naming the class, if it cannot be modelled: a local class, two
   *     overloads of one arity, a method named __concoordinit__, or a signature naming a local
   *     class
   */
  public static ObjectModel of(Class<?> objectClass) {
    return new ReflectedObjects(objectClass).model();
  }

  private ObjectModel model() {
    ClassShape shape = shape(objectClass);
    if (objectClass.getCanonicalName() == null || shape.refusal(objectClass.getName()) != null) {
      // Refused before reading members: the generator reports the shape's refusal.
      return new ObjectModel(
          placeholder(),
          objectClass.getName(),
          shape,
          java.util.Set.of(),
          List.of(),
          List.of(),
          List.of(),
          name -> false);
    }
    List<MethodModel> methods = new ArrayList<>();
    for (List<Method> overloads : HostedMethods.of(objectClass).values()) {
      for (Method method : overloads) {
        if (!isLocal(method)) {
          methods.add(method(method));
        }
      }
    }
    List<TypeModel> exceptions = new ArrayList<>();
    for (Type exception : constructor().getGenericExceptionTypes()) {
      exceptions.add(type(exception));
    }
    return new ObjectModel(
        (TypeModel.Declared) type(objectClass),
        objectClass.getName(),
        shape,
        Supertypes.memberTypeNames(objectClass),
        exceptions,
        methods,
        localLabels(),
        this::inPackage);
  }

  private TypeModel.Declared placeholder() {
    return TypeModel.Declared.of(objectClass.getPackageName(), objectClass.getSimpleName());
  }

  static ClassShape shape(Class<?> type) {
    int modifiers = type.getModifiers();
    boolean plain =
        !(type.isPrimitive()
            || type.isArray()
            || type.isInterface()
            || type.isEnum()
            || type.isRecord());
    boolean noArgument;
    try {
      type.getConstructor();
      noArgument = true;
    } catch (NoSuchMethodException e) {
      noArgument = false;
    }
    return new ClassShape(
        plain,
        Modifier.isPublic(modifiers),
        Modifier.isAbstract(modifiers),
        Modifier.isFinal(modifiers),
        type.isSealed(),
        type.getCanonicalName() == null,
        type.isMemberClass() && !Modifier.isStatic(modifiers),
        type.getTypeParameters().length > 0,
        noArgument);
  }

  private Constructor<?> constructor() {
    try {
      return objectClass.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("checked by the shape", e);
    }
  }

  private MethodModel method(Method hosted) {
    Method method = declaration(hosted);
    boolean erased = Supertypes.isInheritedRaw(objectClass, method, bindings);
    Parameter[] declared = method.getParameters();
    Type[] generic = method.getGenericParameterTypes();
    boolean useGeneric = !erased && generic.length == declared.length;
    List<ParameterModel> parameters = new ArrayList<>();
    for (int i = 0; i < declared.length; i++) {
      Type parameterType = useGeneric ? generic[i] : declared[i].getType();
      parameters.add(
          new ParameterModel(
              declared[i].getName(), type(parameterType), declared[i].getType() == Caller.class));
    }
    List<TypeParameterModel> typeParameters = new ArrayList<>();
    if (!erased) {
      for (TypeVariable<Method> variable : method.getTypeParameters()) {
        List<TypeModel> bounds = new ArrayList<>();
        for (Type bound : variable.getBounds()) {
          if (bound != Object.class) {
            bounds.add(type(bound));
          }
        }
        typeParameters.add(new TypeParameterModel(variable.getName(), bounds));
      }
    }
    List<TypeModel> exceptions = new ArrayList<>();
    for (Type exception : erased ? method.getExceptionTypes() : method.getGenericExceptionTypes()) {
      exceptions.add(type(exception));
    }
    Type returnType = erased ? method.getReturnType() : method.getGenericReturnType();
    return new MethodModel(
        method.getName(),
        typeParameters,
        type(returnType),
        parameters,
        method.isVarArgs(),
        exceptions,
        Modifier.isFinal(method.getModifiers()),
        MethodModel.label(objectClass.getName(), method.getName(), parameters),
        method);
  }

  /**
   * The method as declared, for a visibility bridge: javac gives a public class extending a
   * package-private one a public bridge for each inherited public method, with erased types; the
   * declaration in the superclass has the generic ones (seen through the class's bindings).
   */
  private static Method declaration(Method method) {
    if (!method.isBridge()) {
      return method;
    }
    for (Class<?> type = method.getDeclaringClass().getSuperclass();
        type != null;
        type = type.getSuperclass()) {
      try {
        Method declared = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
        if (!declared.isBridge() && declared.getReturnType() == method.getReturnType()) {
          return declared;
        }
      } catch (NoSuchMethodException e) {
        continue;
      }
    }
    return method;
  }

  /**
   * Overrides of equals, hashCode and finalize stay local on the proxy: its equality, hash and life
   * cycle are its own (a remote hashCode would make every HashMap lookup a network call).
   */
  static boolean isLocal(Method method) {
    Class<?>[] types = method.getParameterTypes();
    return switch (method.getName()) {
      case "equals" -> types.length == 1 && types[0] == Object.class;
      case "hashCode", "finalize" -> types.length == 0;
      default -> SessionAware.isCallback(method);
    };
  }

  private List<String> localLabels() {
    List<Method> local = new ArrayList<>();
    for (Method method : objectClass.getMethods()) {
      if (method.getDeclaringClass() != Object.class
          && !method.isBridge()
          && !Modifier.isStatic(method.getModifiers())
          && isLocal(method)) {
        local.add(method);
      }
    }
    local.sort(Comparator.comparing(Method::getName));
    List<String> labels = new ArrayList<>();
    for (Method method : local) {
      List<ParameterModel> parameters = new ArrayList<>();
      for (Class<?> parameterType : method.getParameterTypes()) {
        parameters.add(new ParameterModel("p", type(parameterType), false));
      }
      labels.add(MethodModel.label(objectClass.getName(), method.getName(), parameters));
    }
    return labels;
  }

  private boolean inPackage(String simple) {
    String packageName = objectClass.getPackageName();
    String name = packageName.isEmpty() ? simple : packageName + "." + simple;
    try {
      Class.forName(name, false, objectClass.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The model of a reflected type, supertype variables replaced by their bindings. */
  TypeModel type(Type type) {
    if (type instanceof Class<?> c) {
      if (c.isPrimitive()) {
        return new TypeModel.Primitive(c.getName());
      }
      return c.isArray() ? new TypeModel.Array(type(c.getComponentType())) : declared(c, List.of());
    } else if (type instanceof ParameterizedType p) {
      List<TypeModel> arguments = new ArrayList<>();
      for (Type argument : p.getActualTypeArguments()) {
        arguments.add(type(argument));
      }
      return declared((Class<?>) p.getRawType(), arguments);
    } else if (type instanceof GenericArrayType a) {
      return new TypeModel.Array(type(a.getGenericComponentType()));
    } else if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return new TypeModel.Wildcard(null, type(w.getLowerBounds()[0]));
      }
      Type upper = w.getUpperBounds()[0];
      return new TypeModel.Wildcard(upper == Object.class ? null : type(upper), null);
    } else if (type instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      if (bound != null) {
        return type(bound);
      }
      return new TypeModel.Variable(v.getName(), type(erasedClass(v)));
    }
    throw new IllegalArgumentException("cannot model type " + type);
  }

  /** The class a type erases to (a variable's first bound, for one the class leaves open). */
  private static Class<?> erasedClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    } else if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    } else if (type instanceof GenericArrayType a) {
      return erasedClass(a.getGenericComponentType()).arrayType();
    } else if (type instanceof WildcardType w) {
      return erasedClass(w.getUpperBounds()[0]);
    }
    return erasedClass(((TypeVariable<?>) type).getBounds()[0]);
  }

  private static TypeModel.Declared declared(Class<?> type, List<TypeModel> arguments) {
    String canonical = type.getCanonicalName();
    if (canonical == null) {
      throw new IllegalArgumentException(
          type.getName() + " is a local or anonymous class: a proxy cannot name it in a signature");
    }
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String nested = canonical.substring(top.getCanonicalName().length());
    return new TypeModel.Declared(top.getPackageName(), top.getSimpleName(), nested, arguments);
  }
}
