package org.concoord.codegen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concoord.codegen.model.MethodModel;
import org.concoord.codegen.model.ParameterModel;
import org.concoord.codegen.model.TypeModel;

/**
 * Writes the members of a proxy that forward one object method: the blocking override (or, for a
 * method taking a {@code Caller}, a method without it plus an override that refuses local calls)
 * and the method of the nested {@code Async} class. Signatures are the object's as the object class
 * sees them (see {@link TypeModel}).
 */
final class MethodWriter {
  /** The proxy's field holding the client; a parameter of this name is renamed. */
  static final String CLIENT_FIELD = "client";

  private final TypeWriter types;
  private final MethodModel method;
  private final List<String> parameters = new ArrayList<>(); // "Type name", Caller excluded
  private final List<String> arguments = new ArrayList<>(); // the names, arrays cast to Object
  private final List<String> allParameters = new ArrayList<>(); // with Caller, for the refusal

  MethodWriter(TypeWriter types, MethodModel method) {
    this.types = types;
    this.method = method;
    collectParameters();
  }

  private void collectParameters() {
    List<ParameterModel> declared = method.parameters();
    Set<String> used = new HashSet<>();
    used.add(CLIENT_FIELD);
    for (int i = 0; i < declared.size(); i++) {
      TypeModel type = declared.get(i).type();
      String spelled = types.spell(type);
      if (method.varArgs() && i == declared.size() - 1) {
        spelled = spelled.substring(0, spelled.length() - 2) + "...";
      }
      String name = declared.get(i).name();
      while (!used.add(name)) {
        name = name + "Arg"; // a parameter named like the proxy's field would hide it
      }
      allParameters.add(spelled + " " + name);
      if (!declared.get(i).caller()) {
        parameters.add(spelled + " " + name);
        // A reference array alone would be spread over invoke's varargs: pass it as one value.
        arguments.add(types.isReferenceArray(type) ? "(Object) " + name : name);
      }
    }
  }

  /** The blocking members, at class-body indentation. */
  void writeBlocking(Lines out) {
    String head =
        "public " + typeParameters() + types.spell(returnType()) + " " + method.name() + "(";
    String throwsClause = throwsClause();
    String name = method.name();
    if (method.takesCaller()) {
      out.line(
          1,
          "// The replicas supply "
              + name
              + "'s Caller: the proxy's "
              + name
              + " takes the other arguments only.");
    } else {
      out.line(1, "@Override");
    }
    out.wrapped(1, head, parameters, ")" + throwsClause + " {");
    out.wrapped(2, (returnsVoid() ? "" : "return ") + "client.invoke(", callArguments(), ");");
    out.line(1, "}");
    if (method.takesCaller()) {
      out.blank();
      out.line(
          1,
          "/** Refused: the replicas supply the Caller. Call {@code " + name + "} without it. */");
      out.line(1, "@Override");
      out.wrapped(1, head, allParameters, ")" + throwsClause + " {");
      out.line(2, "throw new UnsupportedOperationException(");
      out.line(
          4,
          "\"the replicas supply "
              + name
              + "'s Caller: call "
              + name
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
        && (method.name().equals("toString") || method.name().equals("clone")));
  }

  String name() {
    return method.name();
  }

  /** The Async member, at the nested class's body indentation. */
  void writeAsync(Lines out) {
    String future = types.className(ProxyGenerator.FUTURE);
    out.wrapped(
        2,
        "public "
            + typeParameters()
            + future
            + "<"
            + types.spellBoxed(returnType())
            + "> "
            + method.name()
            + "(",
        parameters,
        ") {");
    out.wrapped(3, "return client.invokeAsync(", callArguments(), ");");
    out.line(2, "}");
  }

  /** A sentence for the generator's notes if this method is not forwarded as declared. */
  String note() {
    if (!method.takesCaller()) {
      return null;
    }
    return method.label()
        + " takes a Caller, which the replicas supply:"
        + " the proxy's "
        + method.name()
        + " takes "
        + (parameters.isEmpty() ? "no" : String.valueOf(parameters.size()))
        + (parameters.size() == 1 ? " argument" : " arguments")
        + ", and calling the original signature on a proxy throws";
  }

  private List<String> callArguments() {
    List<String> all = new ArrayList<>();
    all.add("\"" + method.name() + "\"");
    all.add(types.literal(returnType()));
    all.addAll(arguments);
    return all;
  }

  private TypeModel returnType() {
    return method.returnType();
  }

  private boolean returnsVoid() {
    return method.returnType().equals(new TypeModel.Primitive("void"));
  }

  private String typeParameters() {
    return types.typeParameters(method.typeParameters());
  }

  private String throwsClause() {
    List<TypeModel> exceptions = method.exceptions();
    if (exceptions.isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (TypeModel exception : exceptions) {
      names.add(types.spell(exception));
    }
    return " throws " + String.join(", ", names);
  }
}
