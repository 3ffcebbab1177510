package org.concoord.codegen.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A public instance method of an object class, as the class sees it (see {@link TypeModel}). {@code
 * label} names it in messages: {@code org.x.Bank.deposit(String, long)}; {@code origin} is where it
 * comes from (a {@code java.lang.reflect.Method} or a {@code javax.lang.model} element), so that a
 * refusal can point at it; it takes no part in what is generated.
 */
public record MethodModel(
    String name,
    List<TypeParameterModel> typeParameters,
    TypeModel returnType,
    List<ParameterModel> parameters,
    boolean varArgs,
    List<TypeModel> exceptions,
    boolean isFinal,
    String label,
    Object origin) {
  public MethodModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(returnType, "returnType");
    Objects.requireNonNull(label, "label");
    typeParameters = List.copyOf(typeParameters);
    parameters = List.copyOf(parameters);
    exceptions = List.copyOf(exceptions);
  }

  /** The number of arguments a client sends: Caller parameters are supplied by the replicas. */
  public int arity() {
    int arity = 0;
    for (ParameterModel parameter : parameters) {
      arity += parameter.caller() ? 0 : 1;
    }
    return arity;
  }

  public boolean takesCaller() {
    return arity() != parameters.size();
  }

  /** {@code className.name(Simple, Names)} of the erased parameter types. */
  public static String label(String className, String name, List<ParameterModel> parameters) {
    List<String> types = new ArrayList<>();
    for (ParameterModel parameter : parameters) {
      types.add(parameter.type().simpleName());
    }
    return className + "." + name + "(" + String.join(", ", types) + ")";
  }
}
