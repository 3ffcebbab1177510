package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.concoord.core.Observer;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ObjectNames;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectDeletedException;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.Snapshot;
import org.concoord.core.sync.FencedLock;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** The directory of named objects: creation, refusal, deletion, listing, snapshots, expiry. */
class NamedObjectsTest {
  /** A counter to host by name. */
  public static class Tally {
    private long value;

    public long add(long delta) {
      value += delta;
      return value;
    }

    public long get() {
      return value;
    }
  }

  /** Strings kept in order: a state of megabytes. */
  public static class Notes {
    private java.util.ArrayList<String> notes = new java.util.ArrayList<>();

    public int add(String note) {
      notes.add(note);
      return notes.size();
    }
  }

  private static final String TALLY = Tally.class.getName();
  private static final String LOCK = FencedLock.class.getName();

  private long slot;
  private long seq;

  private static NamedObjects objects(boolean explicit) {
    ObjectCatalog catalog =
        ObjectCatalog.of(List.of(Tally.class, FencedLock.class))
            .withExplicitCreate(explicit)
            .withObjectsMax(100);
    return new NamedObjects(new ObjectHost(Tally.class), catalog, 0, Observer.NONE);
  }

  private Execution call(
      NamedObjects objects, long client, String name, String cls, String method, Object... args) {
    slot++;
    seq++;
    Call call =
        name.isEmpty()
            ? new Call(method, ValueCodec.encodeArgs(args))
            : Call.on(name, cls, method, ValueCodec.encodeArgs(args));
    return objects.execute(slot, new CallContext(client, seq, slot), call);
  }

  private static Object ok(Execution execution) {
    assertNotNull(execution.response(), "parked");
    assertEquals(
        Outcome.OK,
        execution.response().outcome(),
        () -> String.valueOf(ValueCodec.decode(execution.response().payload())));
    return ValueCodec.decode(execution.response().payload());
  }

  private static String rejected(Execution execution) {
    assertEquals(
        Outcome.REJECTED,
        execution.response().outcome(),
        () -> String.valueOf(ValueCodec.decode(execution.response().payload())));
    return Refusal.decode(execution.response().payload()).message();
  }

  @Test
  void aNamedCallCreatesItsObjectOnFirstUseAndTheUnnamedFormReachesTheDefaultObject() {
    NamedObjects objects = objects(false);
    assertEquals(5L, ok(call(objects, 1, "tenants/a", TALLY, "add", 5L)));
    assertEquals(7L, ok(call(objects, 1, "tenants/a", "", "add", 2L)));
    assertEquals(1L, ok(call(objects, 1, "", "", "add", 1L)));
    assertEquals(3L, ok(call(objects, 2, "tenants/b", "Tally", "add", 3L))); // simple name
    assertEquals(7L, ok(call(objects, 2, "tenants/a", TALLY, "get")));
    assertEquals(3, objects.size());
    @SuppressWarnings("unchecked")
    Map<String, Object> described =
        (Map<String, Object>) ok(call(objects, 1, "tenants/a", "", ObjectNames.DESCRIBE_METHOD));
    assertEquals(TALLY, described.get("class"));
    assertEquals(1L, described.get("createdSlot"));
    assertTrue((Long) described.get("stateBytes") > 0);
  }

  /**
   * The quota sums that status reports count every object, the default one included: calls on it
   * (the unnamed form) once went around the accounting, and status showed 0 bytes.
   */
  @Test
  void theStateSumsCountTheDefaultObjectAndTheNamedOnes() {
    ObjectCatalog catalog = ObjectCatalog.of(List.of(Tally.class)).withObjectsMax(10);
    NamedObjects objects =
        new NamedObjects(new ObjectHost(Tally.class), catalog, 64, Observer.NONE);
    for (int i = 0; i < 50; i++) {
      ok(call(objects, 1, "", "", "add", 1L));
      ok(call(objects, 1, "tenants/a", TALLY, "add", 1L));
    }
    long defaultBytes = objects.get("").quota().bytes();
    long namedBytes = objects.get("tenants/a").quota().bytes();
    assertTrue(defaultBytes > 0 && namedBytes > 0, defaultBytes + " and " + namedBytes);
    assertEquals(defaultBytes + namedBytes, objects.totals().bytes());
  }

  @Test
  void badInputIsRefusedClearlyAndCreatesNothing() {
    NamedObjects objects = objects(false);
    assertTrue(
        rejected(call(objects, 1, "x", "org.nowhere.Thing", "add", 1L))
            .startsWith("unknown class 'org.nowhere.Thing'"));
    assertTrue(rejected(call(objects, 1, "x", TALLY, "nosuchmethod")).contains("unknown method"));
    assertTrue(rejected(call(objects, 1, "x", TALLY, "add", "not a number")).contains("argument"));
    assertTrue(rejected(call(objects, 1, "a//b", TALLY, "get")).contains("empty segment"));
    assertTrue(rejected(call(objects, 1, "a/é", TALLY, "get")).contains("allowed"));
    assertEquals(1, objects.size(), "nothing created");
    ok(call(objects, 1, "locks/orders", LOCK, "holder"));
    assertEquals(
        "object 'locks/orders' is a " + LOCK + ", not a " + TALLY + " (the call did not run)",
        rejected(call(objects, 1, "locks/orders", TALLY, "get")));
    assertEquals(256, "n".repeat(256).length());
    assertEquals(
        "object name is 256 chars, over the bound of 255", ObjectNames.problem("n".repeat(256)));
  }

  @Test
  void explicitCreationRefusesAMissingNameAndCreateListDeleteWork() {
    NamedObjects objects = objects(true);
    assertTrue(
        rejected(call(objects, 1, "q/1", TALLY, "add", 1L))
            .contains("creates objects explicitly only"));
    ok(call(objects, 1, "q/1", TALLY, ObjectNames.CREATE_METHOD));
    ok(call(objects, 1, "q/2", "", ObjectNames.CREATE_METHOD)); // the default class
    ok(call(objects, 1, "r/1", LOCK, ObjectNames.CREATE_METHOD));
    assertTrue(
        rejected(call(objects, 1, "q/1", LOCK, ObjectNames.CREATE_METHOD))
            .contains("exists already"));
    assertEquals(1L, ok(call(objects, 1, "q/1", TALLY, "add", 1L)));
    List<?> all = (List<?>) ok(call(objects, 1, "", "", ObjectNames.LIST_METHOD));
    assertEquals(3, all.size());
    List<?> q = (List<?>) ok(call(objects, 1, "", "", ObjectNames.LIST_METHOD, "q/", "", 1L));
    assertEquals("q/1", ((Map<?, ?>) q.get(0)).get("name"));
    List<?> next = (List<?>) ok(call(objects, 1, "", "", ObjectNames.LIST_METHOD, "q/", "q/1", 5L));
    assertEquals(1, next.size());
    assertEquals("q/2", ((Map<?, ?>) next.get(0)).get("name"));
    ok(call(objects, 1, "q/1", "", ObjectNames.DELETE_METHOD));
    assertTrue(rejected(call(objects, 1, "q/1", TALLY, "add", 1L)).contains("was deleted at slot"));
    assertTrue(
        rejected(call(objects, 1, "q/1", "", ObjectNames.DELETE_METHOD)).contains("was deleted"));
    ok(call(objects, 1, "q/1", TALLY, ObjectNames.CREATE_METHOD));
    assertEquals(1L, ok(call(objects, 1, "q/1", TALLY, "add", 1L)), "a fresh object");
  }

  @Test
  void aDeletedNameIsNotCreatedAgainByALateCallEvenWhenCreatingOnUse() {
    NamedObjects objects = objects(false);
    ok(call(objects, 1, "t", TALLY, "add", 1L));
    ok(call(objects, 1, "t", "", ObjectNames.DELETE_METHOD));
    assertTrue(rejected(call(objects, 1, "t", TALLY, "add", 1L)).contains("was deleted"));
    assertEquals(1, objects.size());
  }

  @Test
  void deletingALockFailsItsParkedCallsWithObjectDeletedException() {
    NamedObjects objects = objects(false);
    assertEquals(1L, ok(call(objects, 1, "locks/a", LOCK, "acquire")));
    Execution parked = call(objects, 2, "locks/a", LOCK, "acquire");
    assertTrue(parked.isParked());
    long parkedSeq = seq;
    Execution deletion = call(objects, 3, "locks/a", "", ObjectNames.DELETE_METHOD);
    ok(deletion);
    assertEquals(1, deletion.releases().size());
    Release release = deletion.releases().get(0);
    assertEquals(2, release.clientId());
    assertEquals(parkedSeq, release.seq());
    assertEquals(Outcome.EXCEPTION, release.response().outcome());
    List<?> error = (List<?>) ValueCodec.decode(release.response().payload());
    assertEquals(ObjectDeletedException.class.getName(), error.get(0));
    assertTrue(((String) error.get(1)).contains("'locks/a'"));
  }

  @Test
  void aSessionExpiryReleasesWhatTheClientHeldInEveryObject() {
    NamedObjects objects = objects(false);
    for (String name : List.of("locks/a", "locks/b")) {
      ok(call(objects, 1, name, LOCK, "acquire"));
      assertTrue(call(objects, 2, name, LOCK, "acquire").isParked());
    }
    List<Release> released = objects.sessionExpired(1);
    assertEquals(2, released.size());
    for (Release release : released) {
      assertEquals(2, release.clientId());
      assertEquals(Outcome.UNBLOCKED, release.response().outcome());
      assertEquals(2L, ValueCodec.decode(release.response().payload())); // the next token
    }
    assertEquals(2L, ok(call(objects, 2, "locks/a", LOCK, "holder")));
  }

  @Test
  void initOfOneObjectLeavesTheOthers() {
    NamedObjects objects = objects(false);
    ok(call(objects, 1, "a", TALLY, "add", 4L));
    ok(call(objects, 1, "b", TALLY, "add", 6L));
    ok(call(objects, 1, "a", TALLY, ObjectHost.INIT_METHOD));
    assertEquals(0L, ok(call(objects, 1, "a", TALLY, "get")));
    assertEquals(6L, ok(call(objects, 1, "b", TALLY, "get")));
  }

  @Test
  void aSnapshotRestoresEveryObjectAndReusesCachedEncodingsOfUntouchedOnes() {
    NamedObjects objects = objects(false);
    for (int i = 0; i < 50; i++) {
      ok(call(objects, 1, "t/" + i, TALLY, "add", (long) i));
    }
    ok(call(objects, 1, "locks/x", LOCK, "acquire"));
    assertTrue(call(objects, 2, "locks/x", LOCK, "acquire").isParked());
    ok(call(objects, 1, "gone", TALLY, "add", 1L));
    ok(call(objects, 1, "gone", "", ObjectNames.DELETE_METHOD));
    byte[] first = objects.snapshot();
    assertTrue(objects.get("t/7").isCached());
    ok(call(objects, 1, "t/7", TALLY, "add", 100L));
    assertFalse(objects.get("t/7").isCached(), "a call makes the cache stale");
    assertTrue(objects.get("t/8").isCached());
    byte[] second = objects.snapshot();

    NamedObjects copy = objects(false);
    copy.restore(second, Snapshot.StateSize.ZERO);
    assertArrayEquals(second, copy.snapshot());
    assertEquals(objects.totals(), copy.totals(), "sums kept as calls ran = sums counted afresh");
    assertEquals(107L, ok(call(copy, 1, "t/7", TALLY, "get")));
    assertTrue(rejected(call(copy, 1, "gone", TALLY, "get")).contains("was deleted"));
    List<Release> released = copy.sessionExpired(1); // the parked acquire survived
    assertEquals(1, released.size());
    assertEquals(2, released.get(0).clientId());
    assertTrue(first.length > 0);
  }

  @Test
  void anOlderSnapshotOfOneObjectRestoresTheDefaultObject() {
    ObjectHost old = new ObjectHost(Tally.class);
    old.execute(new CallContext(1, 1, 0), new Call("add", ValueCodec.encodeArgs(9L)));
    NamedObjects objects = objects(false);
    objects.restore(old.snapshot(), new Snapshot.StateSize(10, 0, 1));
    assertEquals(9L, ok(call(objects, 1, "", "", "get")));
    assertNull(objects.get("x"));
  }

  @Test
  void aLargeStateIsStreamedIntoTheSnapshotWithTheSameBytesAsItsOwnEncoding() {
    ObjectCatalog catalog = ObjectCatalog.of(List.of(Tally.class, Notes.class)).withObjectsMax(10);
    NamedObjects objects = new NamedObjects(new ObjectHost(Tally.class), catalog, 0, Observer.NONE);
    String notes = Notes.class.getName();
    for (int i = 0; i < 3; i++) {
      ok(call(objects, 1, "big", notes, "add", String.valueOf((char) ('a' + i)).repeat(512 << 10)));
    }
    objects.snapshot(); // the first: its size seen, at 1.5 MiB over the streaming threshold
    ok(call(objects, 1, "big", notes, "add", "d"));
    byte[] streamed = objects.snapshot();
    byte[] own = objects.get("big").snapshot(); // encoded on its own, as before streaming
    assertTrue(own.length >= NamedObject.STREAMED_BYTES_MIN, own.length + " bytes");
    ObjectSetCodec.Entry big =
        ObjectSetCodec.decode(streamed).objects().stream()
            .filter(e -> e.name().equals("big"))
            .findFirst()
            .orElseThrow();
    assertArrayEquals(own, big.state());
    NamedObjects copy = new NamedObjects(new ObjectHost(Tally.class), catalog, 0, Observer.NONE);
    copy.restore(streamed, Snapshot.StateSize.ZERO);
    assertArrayEquals(streamed, copy.snapshot(), "restored, then streamed again: the same bytes");
    assertEquals(5, ((Number) ok(call(copy, 1, "big", notes, "add", "e"))).intValue());
  }

  @Test
  void aStreamedStateThatWritesOtherThanItsCountIsRefused() {
    org.concoord.core.codec.WireWriter out = new org.concoord.core.codec.WireWriter(64);
    try {
      out.writeStreamed(
          10,
          100,
          "state",
          stream -> {
            try {
              stream.write(new byte[9]);
            } catch (java.io.IOException e) {
              throw new AssertionError(e);
            }
          });
      throw new AssertionError("9 bytes taken for 10");
    } catch (IllegalStateException expected) {
      assertTrue(
          expected.getMessage().contains("9 bytes written, 10 counted"), expected.getMessage());
    }
  }
}
