package org.concoord.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;

/** Test helpers: call a hosted object as a replica would, read what it answered. */
final class Calls {
  private Calls() {}

  static Execution call(ObjectHost host, long clientId, long seq, String method, Object... args) {
    return host.execute(new CallContext(clientId, seq, 0),
        new Call(method, ValueCodec.encodeArgs(args)));
  }

  static Object ok(Execution execution) {
    assertNotNull(execution.response(), "the call parked");
    assertEquals(Outcome.OK, execution.response().outcome());
    return ValueCodec.decode(execution.response().payload());
  }

  static List<?> exception(Execution execution) {
    assertNotNull(execution.response(), "the call parked");
    assertEquals(Outcome.EXCEPTION, execution.response().outcome());
    return (List<?>) ValueCodec.decode(execution.response().payload());
  }
}
