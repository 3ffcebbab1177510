package org.concoord.core.sync;

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

/** Test helpers: call a hosted primitive as a replica would, read what it answered. */
final class SyncCalls {
  private SyncCalls() {}

  static Execution call(ObjectHost host, long clientId, long seq, String method, Object... args) {
    return host.execute(
        new CallContext(clientId, seq, 0), new Call(method, ValueCodec.encodeArgs(args)));
  }

  static Object ok(Execution execution) {
    assertNotNull(execution.response(), "the call parked");
    assertEquals(
        Outcome.OK,
        execution.response().outcome(),
        () -> "got " + ValueCodec.decode(execution.response().payload()));
    return ValueCodec.decode(execution.response().payload());
  }

  static Execution parked(Execution execution) {
    assertTrue(execution.isParked(), "expected the call to park, got " + execution.response());
    assertEquals(List.of(), execution.releases());
    return execution;
  }

  /** The value an UNBLOCKED release carries. */
  static Object unblocked(Release release) {
    assertEquals(Outcome.UNBLOCKED, release.response().outcome());
    return ValueCodec.decode(release.response().payload());
  }

  /** The one release of {@code releases}: its client must be {@code clientId}; its value. */
  static Object releasedTo(List<Release> releases, long clientId) {
    assertEquals(1, releases.size(), "releases " + releases);
    assertEquals(clientId, releases.get(0).clientId());
    return unblocked(releases.get(0));
  }

  static Object releasedTo(Execution execution, long clientId) {
    return releasedTo(execution.releases(), clientId);
  }

  /** The clients released, in order. */
  static List<Long> clients(List<Release> releases) {
    return releases.stream().map(Release::clientId).toList();
  }

  static List<Long> clients(Execution execution) {
    return clients(execution.releases());
  }
}
