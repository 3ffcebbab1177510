package org.concoord.core.value;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a call's argument list by a method's declared parameter types, built once per method.
 * Errors name the method and the parameter: "argument 2 ('amount') of Bank.deposit: expected long,
 * got string" (the name appears when the class was compiled with {@code -parameters}). Immutable;
 * safe to share.
 */
public final class ArgsDecoder {
  private static final Object[] NO_VALUES = {};

  private final String method;
  private final Decoder[] decoders;
  private final String[] labels;
  private final String signature;

  /**
   * @param method how errors name the method, e.g. "Bank.deposit"
   * @param types the declared parameter types, in order
   * @param names the parameter names, in order; an element may be null when unknown
   * @throws ValueException if a parameter type is not a supported value type
   */
  public ArgsDecoder(String method, List<Type> types, List<String> names) {
    if (types.size() != names.size()) {
      throw new IllegalArgumentException(types.size() + " types but " + names.size() + " names");
    }
    this.method = method;
    this.decoders = new Decoder[types.size()];
    this.labels = new String[types.size()];
    StringBuilder signature = new StringBuilder();
    DecoderBuilder builder = new DecoderBuilder();
    for (int i = 0; i < decoders.length; i++) {
      String name = names.get(i);
      labels[i] =
          "argument " + (i + 1) + (name == null ? "" : " ('" + name + "')") + " of " + method;
      try {
        decoders[i] = builder.build(types.get(i));
      } catch (ValueException e) {
        throw e.within(labels[i]);
      }
      signature
          .append(i == 0 ? "" : ", ")
          .append(decoders[i].expected())
          .append(name == null ? "" : " " + name);
    }
    this.signature = method + "(" + signature + ")";
  }

  /** The decoder for all of {@code method}'s parameters. */
  public static ArgsDecoder of(Method method) {
    List<Type> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Type[] generic = method.getGenericParameterTypes();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      types.add(generic.length == parameters.length ? generic[i] : parameters[i].getType());
      names.add(parameters[i].isNamePresent() ? parameters[i].getName() : null);
    }
    return new ArgsDecoder(
        method.getDeclaringClass().getSimpleName() + "." + method.getName(), types, names);
  }

  public int arity() {
    return decoders.length;
  }

  /** The method as its callers should write it, e.g. "Bank.deposit(string account, long)". */
  public String signature() {
    return signature;
  }

  /** Decodes {@code args}, an encoded list (or no bytes at all, for no arguments). */
  public Object[] decode(byte[] args) {
    ValueReader in = new ValueReader(args);
    int count = args.length == 0 ? 0 : ValueCodec.readListHeader(in);
    if (count != decoders.length) {
      throw new ValueException(
          signature
              + " takes "
              + decoders.length
              + (decoders.length == 1 ? " argument" : " arguments")
              + ", got "
              + count);
    }
    if (count == 0) {
      in.expectEnd();
      return NO_VALUES;
    }
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      try {
        values[i] = decoders[i].read(in, 1);
      } catch (ValueException e) {
        throw e.within(labels[i]);
      }
    }
    in.expectEnd();
    return values;
  }

  @Override
  public String toString() {
    return "ArgsDecoder[" + signature + "]";
  }
}
