package org.concoord.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;

/** Test helpers: make a call, read a response. */
final class HostCalls {
  private HostCalls() {}

  static Execution call(ObjectHost host, long clientId, long seq, String method, Object... args) {
    return host.execute(
        new CallContext(clientId, seq, 1000), new Call(method, ValueCodec.encodeArgs(args)));
  }

  static Execution call(ObjectHost host, String method, Object... args) {
    return call(host, 1, 1, method, args);
  }

  static Object ok(Execution execution) {
    assertNotNull(execution.response(), "parked");
    assertEquals(Outcome.OK, execution.response().outcome(), () -> describe(execution));
    return ValueCodec.decode(execution.response().payload());
  }

  static String rejected(Execution execution) {
    assertEquals(Outcome.REJECTED, execution.response().outcome());
    assertEquals(List.of(), execution.releases());
    return Refusal.decode(execution.response().payload()).message();
  }

  /** The EXCEPTION payload as [class name, message]. */
  static List<?> exception(Response response) {
    assertEquals(Outcome.EXCEPTION, response.outcome());
    return (List<?>) ValueCodec.decode(response.payload());
  }

  static String describe(Execution execution) {
    Response r = execution.response();
    return r == null ? "parked" : r.outcome() + " " + ValueCodec.decode(r.payload());
  }
}
