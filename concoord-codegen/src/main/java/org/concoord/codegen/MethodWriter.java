package org.concoord.codegen;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concoord.core.host.Caller;

/**
 * Writes the members of a proxy that forward one object method: the blocking override (or, for
 * a method taking a {@link Caller}, a method without it plus an override that refuses local
 * calls) and the method of the nested {@code Async} class. Signatures are the object's as the
 * object class sees them: generic types resolved through its supertypes, or erased when a
 * supertype is extended raw.
 */
final class MethodWriter {
  /** The proxy's field holding the client; a parameter of this name is renamed. */
  static final String CLIENT_FIELD = "client";

  private final TypeWriter types;
  private final Method method;
  private final boolean erased;
  private final List<String> parameters = new ArrayList<>(); // "Type name", Caller excluded
  private final List<String> arguments = new ArrayList<>(); // the names, arrays cast to Object
  private final List<String> allParameters = new ArrayList<>(); // with Caller, for the refusal

  MethodWriter(TypeWriter types, Class<?> objectClass, Method method) {
    this.types = types;
    this.method = method;
    this.erased = Supertypes.isInheritedRaw(objectClass, method, Supertypes.bindings(objectClass));
    collectParameters();
  }

  private void collectParameters() {
    Parameter[] declared = method.getParameters();
    Type[] generic = method.getGenericParameterTypes();
    boolean useGeneric = !erased && generic.length == declared.length;
    Set<String> used = new HashSet<>();
    used.add(CLIENT_FIELD);
    for (int i = 0; i < declared.length; i++) {
      Type type = useGeneric ? generic[i] : declared[i].getType();
      String spelled = types.spell(type);
      if (method.isVarArgs() && i == declared.length - 1) {
        spelled = spelled.substring(0, spelled.length() - 2) + "...";
      }
      String name = declared[i].getName();
      while (!used.add(name)) {
        name = name + "Arg"; // a parameter named like the proxy's field would hide it
      }
      allParameters.add(spelled + " " + name);
      if (declared[i].getType() != Caller.class) {
        parameters.add(spelled + " " + name);
        // A reference array alone would be spread over invoke's varargs: pass it as one value.
        arguments.add(types.isReferenceArray(type) ? "(Object) " + name : name);
      }
    }
  }

  /** The blocking members, at class-body indentation. */
  void writeBlocking(Lines out) {
    String head = "public " + typeParameters() + types.spell(returnType()) + " "
        + method.getName() + "(";
    String throwsClause = throwsClause();
    String name = method.getName();
    if (ProxyMethods.takesCaller(method)) {
      out.line(1, "// The replicas supply " + name + "'s Caller: the proxy's " + name
          + " takes the other arguments only.");
    } else {
      out.line(1, "@Override");
    }
    out.wrapped(1, head, parameters, ")" + throwsClause + " {");
    out.wrapped(2, (returnsVoid() ? "" : "return ") + "client.invoke(", callArguments(), ");");
    out.line(1, "}");
    if (ProxyMethods.takesCaller(method)) {
      out.blank();
      out.line(1, "/** Refused: the replicas supply the Caller. Call {@code " + name
          + "} without it. */");
      out.line(1, "@Override");
      out.wrapped(1, head, allParameters, ")" + throwsClause + " {");
      out.line(2, "throw new UnsupportedOperationException(");
      out.line(4, "\"the replicas supply " + name + "'s Caller: call " + name
          + " without it on a proxy\");");
      out.line(1, "}");
    }
  }

  /**
   * Whether the method has an Async twin: one whose name and parameters match a method of Object
   * (toString(), clone()) cannot, as its future-returning signature would clash with Object's.
   */
  boolean hasAsync() {
    return !(parameters.isEmpty()
        && (method.getName().equals("toString") || method.getName().equals("clone")));
  }

  String name() {
    return method.getName();
  }

  /** The Async member, at the nested class's body indentation. */
  void writeAsync(Lines out) {
    String future = types.className(java.util.concurrent.CompletableFuture.class);
    out.wrapped(2, "public " + typeParameters() + future + "<" + types.spellBoxed(returnType())
        + "> " + method.getName() + "(", parameters, ") {");
    out.wrapped(3, "return client.invokeAsync(", callArguments(), ");");
    out.line(2, "}");
  }

  /** A sentence for the generator's notes if this method is not forwarded as declared. */
  String note(Class<?> objectClass) {
    if (!ProxyMethods.takesCaller(method)) {
      return null;
    }
    return ProxyMethods.label(objectClass, method) + " takes a Caller, which the replicas supply:"
        + " the proxy's " + method.getName() + " takes "
        + (parameters.isEmpty() ? "no" : String.valueOf(parameters.size()))
        + (parameters.size() == 1 ? " argument" : " arguments")
        + ", and calling the original signature on a proxy throws";
  }

  private List<String> callArguments() {
    List<String> all = new ArrayList<>();
    all.add("\"" + method.getName() + "\"");
    all.add(types.literal(returnType()));
    all.addAll(arguments);
    return all;
  }

  private Type returnType() {
    return erased ? method.getReturnType() : method.getGenericReturnType();
  }

  private boolean returnsVoid() {
    return method.getReturnType() == void.class;
  }

  private String typeParameters() {
    TypeVariable<Method>[] variables = method.getTypeParameters();
    return erased ? "" : types.typeParameters(variables);
  }

  private String throwsClause() {
    Type[] exceptions = erased ? method.getExceptionTypes() : method.getGenericExceptionTypes();
    if (exceptions.length == 0) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (Type exception : exceptions) {
      names.add(types.spell(exception));
    }
    return " throws " + String.join(", ", names);
  }
}
