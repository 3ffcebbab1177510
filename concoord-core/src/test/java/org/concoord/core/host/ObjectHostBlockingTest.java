package org.concoord.core.host;

import static org.concoord.core.host.HostCalls.call;
import static org.concoord.core.host.HostCalls.exception;
import static org.concoord.core.host.HostCalls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.host.HostedObjects.Gate;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;
import org.junit.jupiter.api.Test;

class ObjectHostBlockingTest {
  private final ObjectHost host = new ObjectHost(Gate.class);

  private Gate gate() {
    return (Gate) host.instance();
  }

  @Test
  void aParkedCallHasNoResponseAndIsRememberedAsAPlainValue() {
    Execution e = call(host, 3, 9, "await");
    assertTrue(e.isParked());
    assertEquals(List.of(), e.releases());
    Parked parked = gate().last;
    assertEquals(3, parked.clientId());
    assertEquals(9, parked.seq());
    assertEquals("await", parked.method());
    assertEquals(List.of(parked), host.parked());
  }

  @Test
  void aLaterCallReleasesParkedCallsInOrderWithTheirEncodedResults() {
    call(host, 1, 1, "await");
    call(host, 2, 1, "await");
    Execution open = call(host, 3, 1, "open");
    assertEquals(2L, ok(open));
    assertEquals(
        List.of(
            new Release(1, 1, new Response(Outcome.UNBLOCKED, ValueCodec.encode("opened"))),
            new Release(2, 1, new Response(Outcome.UNBLOCKED, ValueCodec.encode("opened")))),
        open.releases(),
        "the second resume of each is ignored");
    assertEquals(List.of(), host.parked());
  }

  @Test
  void parkingTwiceInOneCallReturnsTheSameHandle() {
    assertTrue(call(host, 1, 1, "awaitTwice").isParked());
    assertEquals(1, host.parked().size());
  }

  @Test
  void failReleasesTheParkedCallWithAnException() {
    call(host, 1, 5, "await");
    Execution refuse = call(host, 2, 1, "refuse", "closed");
    assertNull(ok(refuse));
    Release release = refuse.releases().get(0);
    assertEquals(1, release.clientId());
    assertEquals(5, release.seq());
    assertEquals(
        List.of("java.lang.UnsupportedOperationException", "closed"),
        exception(release.response()));
  }

  @Test
  void aResultThatDoesNotFitTheParkedMethodLeavesItParkedAndFailsTheReleasingCall() {
    call(host, 1, 1, "await");
    Execution bad = call(host, 2, 1, "openWith", 5);
    assertEquals(ValueException.class.getName(), exception(bad.response()).get(0));
    assertEquals(List.of(), bad.releases());
    assertEquals(1, host.parked().size());
  }

  @Test
  void aMethodThatThrowsAfterParkingRepliesWithTheExceptionAndIsNotParked() {
    Execution e = call(host, 1, 1, "awaitThenThrow");
    assertEquals(
        List.of("java.lang.IllegalStateException", "changed my mind"), exception(e.response()));
    assertEquals(List.of(), host.parked());
    assertEquals(List.of(), call(host, 2, 1, "open").releases(), "its handle is now inert");
  }

  @Test
  void aCallerUsedAfterItsCallCannotPark() {
    call(host, 1, 1, "await");
    List<?> error = exception(call(host, 2, 1, "parkWithStaleCaller").response());
    assertEquals("java.lang.IllegalStateException", error.get(0));
  }

  @Test
  void resumingOutsideAnyCallIsAnError() {
    call(host, 1, 1, "await");
    assertThrows(IllegalStateException.class, () -> gate().last.resume("now"));
  }

  @Test
  void initFailsEveryParkedCall() {
    call(host, 1, 1, "await");
    call(host, 2, 4, "await");
    Execution init = call(host, 3, 1, ObjectHost.INIT_METHOD);
    assertNull(ok(init));
    assertEquals(List.of(1L, 2L), init.releases().stream().map(Release::clientId).toList());
    for (Release release : init.releases()) {
      assertTrue(((String) exception(release.response()).get(1)).contains("re-initialized"));
    }
    assertEquals(List.of(), host.parked());
  }
}
