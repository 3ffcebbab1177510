package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Observer;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.StateQuotaExceededException;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The state quota refuses growth past it, undoes the call, and lets reads and shrinking run. */
class StateQuotaTest {
  /** A list of strings. */
  public static class Strings {
    private final List<String> values = new ArrayList<>();

    public int add(String value) {
      values.add(value);
      return values.size();
    }

    public int size() {
      return values.size();
    }

    public int removeLast() {
      values.remove(values.size() - 1);
      return values.size();
    }
  }

  private long seq;

  private Execution call(StateQuota quota, ObjectHost host, String method, Object... args) {
    seq++;
    return quota.execute(
        host, new CallContext(1, seq, 0), new Call(method, ValueCodec.encodeArgs(args)));
  }

  private static Object ok(Execution execution) {
    assertEquals(
        Outcome.OK,
        execution.response().outcome(),
        () -> String.valueOf(ValueCodec.decode(execution.response().payload())));
    return ValueCodec.decode(execution.response().payload());
  }

  @Test
  void growthPastTheQuotaIsRefusedNamingItAndTheSizeThenReadsAndShrinkingRun() {
    long quotaBytes = 200_000;
    StateQuota quota = new StateQuota(quotaBytes, Observer.NONE);
    ObjectHost host = new ObjectHost(Strings.class);
    String value = "x".repeat(30_000);
    int taken = 0;
    Execution refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      Execution e = call(quota, host, "add", value);
      if (e.response().outcome() == Outcome.OK) {
        taken++;
      } else {
        refused = e;
      }
    }
    assertTrue(refused != null, "never refused");
    assertEquals(6, taken, "as many 30 kB values as fit in 200 kB");
    List<?> exception = (List<?>) ValueCodec.decode(refused.response().payload());
    assertEquals(StateQuotaExceededException.class.getName(), exception.get(0));
    String message = (String) exception.get(1);
    assertTrue(
        message.contains("--state-max 200000")
            && message.contains("Strings")
            && message.contains("add"),
        message);
    assertTrue(host.snapshotSize() <= quotaBytes, "the refused call did not run");
    assertTrue(quota.notice(host).contains("Strings"), quota.notice(host));
    assertEquals((long) taken, ok(call(quota, host, "size")));
    assertEquals((long) taken - 1, ok(call(quota, host, "removeLast")));
    assertEquals((long) taken, ok(call(quota, host, "add", value)), "room again");
  }

  @Test
  void theMeasureIsTheSameOnEveryReplicaAndTravelsInSnapshots() {
    StateQuota a = new StateQuota(1_000_000, Observer.NONE);
    StateQuota b = new StateQuota(1_000_000, Observer.NONE);
    ObjectHost hostA = new ObjectHost(Strings.class);
    ObjectHost hostB = new ObjectHost(Strings.class);
    for (int i = 0; i < 300; i++) {
      call(a, hostA, "add", "v" + i);
      seq--;
      call(b, hostB, "add", "v" + i);
    }
    assertEquals(a.size(), b.size());
    assertTrue(a.bytes() > 0, "measured at least once in 300 calls");
    StateQuota c = new StateQuota(1_000_000, Observer.NONE);
    c.restore(a.size());
    assertEquals(a.size(), c.size());
  }

  @Test
  void noQuotaMeansNoMeasureAndNoRefusal() {
    StateQuota quota = new StateQuota(0, Observer.NONE);
    ObjectHost host = new ObjectHost(Strings.class);
    for (int i = 0; i < 100; i++) {
      ok(call(quota, host, "add", "y".repeat(10_000)));
    }
    assertEquals(0, quota.bytes());
  }
}
