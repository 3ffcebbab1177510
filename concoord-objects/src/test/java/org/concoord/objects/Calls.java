package org.concoord.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;

/** Test helpers: call a hosted object as a replica would, read what it answered. */
final class Calls {
  private Calls() {}

  static Execution call(ObjectHost host, long clientId, long seq, String method, Object... args) {
    return host.execute(
        new CallContext(clientId, seq, 0), new Call(method, ValueCodec.encodeArgs(args)));
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

  /** The exception's class name. */
  static String thrown(Execution execution) {
    return (String) exception(execution).get(0);
  }

  static Execution parked(Execution execution) {
    assertTrue(execution.isParked(), "expected the call to park, got " + execution.response());
    return execution;
  }

  /** The value an UNBLOCKED release carries. */
  static Object unblocked(Release release) {
    assertEquals(Outcome.UNBLOCKED, release.response().outcome());
    return ValueCodec.decode(release.response().payload());
  }

  /** The one release of {@code execution}: its client must be {@code clientId}; its value. */
  static Object releasedTo(Execution execution, long clientId) {
    assertEquals(1, execution.releases().size(), "releases " + execution.releases());
    assertEquals(clientId, execution.releases().get(0).clientId());
    return unblocked(execution.releases().get(0));
  }

  /** The clients released by {@code releases}, in order. */
  static List<Long> clients(List<Release> releases) {
    return releases.stream().map(Release::clientId).toList();
  }
}
