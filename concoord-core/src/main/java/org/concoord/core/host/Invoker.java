package org.concoord.core.host;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.value.ArgsDecoder;
import org.concoord.core.value.TypeBindings;
import org.concoord.core.value.TypedCodec;
import org.concoord.core.value.ValueException;

/**
 * One callable method of the object class, prepared once at host construction: a method handle
 * spread over an argument array, the decoder of its arguments (Caller parameters excluded) and the
 * codec of its declared return type. A method whose parameter or return type is not a value type is
 * kept, with the reason, so that calling it is REJECTED with that reason rather than the whole
 * class being refused for one helper method. Immutable.
 */
final class Invoker {
  final String name;
  final String label;
  final int arity;

  /** (Object target, Object[] arguments) -> Object; void returns null. Null if unsupported. */
  final MethodHandle handle;

  final ArgsDecoder args;
  final TypedCodec result;

  /** Why this method cannot be called, or null if it can. */
  final String unsupported;

  private final boolean[] callerAt;
  private final boolean takesCaller;

  private Invoker(Class<?> objectClass, Method method) {
    this.name = method.getName();
    this.label = objectClass.getSimpleName() + "." + name;
    Parameter[] parameters = method.getParameters();
    Type[] generic = method.getGenericParameterTypes();
    this.callerAt = new boolean[parameters.length];
    List<Type> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    boolean anyCaller = false;
    TypeBindings bindings = TypeBindings.of(objectClass); // Store<T>'s T, bound by a subclass
    for (int i = 0; i < parameters.length; i++) {
      callerAt[i] = parameters[i].getType() == Caller.class;
      anyCaller |= callerAt[i];
      if (!callerAt[i]) {
        types.add(
            bindings.resolve(
                generic.length == parameters.length ? generic[i] : parameters[i].getType()));
        names.add(parameters[i].isNamePresent() ? parameters[i].getName() : null);
      }
    }
    this.takesCaller = anyCaller;
    this.arity = types.size();
    ArgsDecoder argsDecoder = null;
    TypedCodec resultCodec = null;
    String problem = null;
    try {
      argsDecoder = new ArgsDecoder(label, types, names);
      resultCodec = TypedCodec.of(bindings.resolve(method.getGenericReturnType()));
    } catch (ValueException e) {
      problem =
          label
              + " cannot be called remotely: "
              + (argsDecoder == null ? "" : "its result: ")
              + e.getMessage();
    }
    this.args = argsDecoder;
    this.result = resultCodec;
    MethodHandle spread = null;
    try {
      // Looked up through the (public) object class, so a public method inherited from a
      // package-private superclass is reachable without setAccessible.
      MethodHandle direct =
          MethodHandles.publicLookup()
              .findVirtual(
                  objectClass,
                  name,
                  MethodType.methodType(method.getReturnType(), method.getParameterTypes()))
              .asFixedArity(); // a varargs method takes its array as one argument, decoded as such
      spread = direct.asType(direct.type().generic()).asSpreader(Object[].class, parameters.length);
    } catch (ReflectiveOperationException e) {
      problem =
          problem != null
              ? problem
              : label
                  + " cannot be called without setAccessible"
                  + " (declared in "
                  + method.getDeclaringClass().getName()
                  + ")";
    }
    this.handle = spread;
    this.unsupported = problem;
  }

  static Invoker of(Class<?> objectClass, Method method) {
    return new Invoker(objectClass, method);
  }

  boolean takesCaller() {
    return takesCaller;
  }

  /** The full argument array: decoded arguments, with {@code caller} in its declared places. */
  Object[] arguments(byte[] encoded, Caller caller) {
    Object[] decoded = args.decode(encoded);
    if (!takesCaller) {
      return decoded;
    }
    Object[] all = new Object[callerAt.length];
    int next = 0;
    for (int i = 0; i < all.length; i++) {
      all[i] = callerAt[i] ? caller : decoded[next++];
    }
    return all;
  }

  /** How the method is written, for messages: "Bank.deposit(string account, long amount)". */
  String signature() {
    return args != null ? args.signature() : label + "(...)";
  }
}
