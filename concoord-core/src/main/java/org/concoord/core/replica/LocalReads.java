package org.concoord.core.replica;

import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.host.Response;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;

/**
 * Reads run on this replica's state as of its last executed slot, without a slot of their own:
 * which calls qualify, and running one. A read changes nothing replicated (no session, no reply
 * cache, no quota), so it may run on one replica alone; when to run it, so that it is linearizable,
 * is {@link ReadIndex}'s business.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class LocalReads {
  private final SlotExecutor executor;

  LocalReads(SlotExecutor executor) {
    this.executor = executor;
  }

  /**
   * Whether {@code call} may be answered without a log slot: a call of an existing object's
   * read-only method that cannot park. Everything else goes through the log: reserved methods, a
   * missing object (a call may create it), another class than the one named, a method that writes
   * or may block, arguments that do not parse (the log path says why).
   */
  boolean qualifies(ClientCommand command) {
    return target(command.call()) != null;
  }

  private NamedObject target(Call call) {
    String method = call.method();
    if (method.startsWith("__concoord")) {
      return null;
    }
    if (call.isNamed() && ObjectNames.problem(call.object()) != null) {
      return null;
    }
    NamedObject found = executor.objects().get(call.isNamed() ? call.object() : "");
    if (found == null || !sameClass(found, call.objectClass())) {
      return null;
    }
    int arity;
    try {
      arity = ValueCodec.listSize(call.args());
    } catch (ValueException e) {
      return null;
    }
    NamedObjects objects = executor.objects();
    return objects.isReadOnly(found, method) && !found.mayPark(method, arity) ? found : null;
  }

  private static boolean sameClass(NamedObject found, String expected) {
    if (expected.isEmpty()) {
      return true;
    }
    String actual = found.className();
    return actual.equals(expected)
        || actual.endsWith("." + expected)
        || actual.endsWith("$" + expected);
  }

  /**
   * Runs {@code command} on the state as it stands, checked against the access policy as it stands;
   * null if it no longer qualifies (the object was deleted meanwhile: the caller sends it through
   * the log instead).
   */
  Response run(ClientCommand command) {
    NamedObject target = target(command.call());
    if (target == null) {
      return null;
    }
    String refusal = executor.refusal(command);
    if (refusal != null) {
      return new Response(Outcome.REJECTED, Refusal.encode(Reason.ACCESS_DENIED, refusal));
    }
    CallContext context = new CallContext(command.clientId(), command.seq(), executor.clockTicks());
    Execution execution = target.read(context, command.call());
    if (execution.response() == null) {
      throw new IllegalStateException("a read-only call parked: " + command.call());
    }
    return ReplyLimit.cap(execution.response());
  }
}
