package org.concoord.core.host;

import java.util.Map;
import org.concoord.core.command.Call;
import org.concoord.core.message.Reason;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;

/**
 * A call matched to its method's overload by arity, with its arguments decoded by their declared
 * types and its {@link Caller} if the method takes one: what {@link ObjectHost} invokes. A call
 * that does not bind is refused (REJECTED) and the object never sees it.
 */
record BoundCall(Invoker invoker, Caller caller, Object[] arguments) {
  /**
   * {@code call} bound to one of {@code methods} of {@code host}'s class, or the refusal as an
   * Execution.
   */
  static Object bind(
      ObjectHost host, Map<String, Invoker[]> methods, CallContext context, Call call) {
    String name = call.method();
    String className = host.objectClass().getSimpleName();
    Invoker[] byArity = methods.get(name);
    if (byArity == null) {
      return HostReplies.rejected(
          Reason.UNKNOWN_METHOD, "unknown method '" + name + "' of " + className);
    }
    int count;
    try {
      count = ValueCodec.listSize(call.args());
    } catch (ValueException e) {
      return HostReplies.rejected(
          Reason.BAD_ARGUMENTS, "arguments of " + className + "." + name + ": " + e.getMessage());
    }
    Invoker invoker = count < byArity.length ? byArity[count] : null;
    if (invoker == null) {
      return HostReplies.rejected(Reason.BAD_ARGUMENTS, HostReplies.arityMismatch(byArity, count));
    }
    if (invoker.unsupported != null) {
      return HostReplies.rejected(Reason.INVALID, invoker.unsupported);
    }
    Caller caller = invoker.takesCaller() ? new Caller(host, context, invoker) : null;
    Object[] arguments;
    try {
      arguments = invoker.arguments(call.args(), caller);
    } catch (ValueException e) {
      return HostReplies.rejected(Reason.BAD_ARGUMENTS, e.getMessage());
    } catch (Error e) {
      throw e;
    } catch (Throwable t) {
      // Decoding may run user code (a record's hashCode in a Set); its failure is still the
      // argument's fault, and execute() must not throw.
      return HostReplies.rejected(
          Reason.BAD_ARGUMENTS, "arguments of " + invoker.label + ": decoding threw " + t);
    }
    return new BoundCall(invoker, caller, arguments);
  }
}
