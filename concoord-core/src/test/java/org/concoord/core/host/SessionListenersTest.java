package org.concoord.core.host;

import static org.concoord.core.host.HostCalls.call;
import static org.concoord.core.host.HostCalls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.concoord.core.sync.FencedLock;
import org.concoord.core.sync.FencedReentrantLock;
import org.junit.jupiter.api.Test;

/** Expiry reaches the SessionAware values in an object's fields, in a fixed order, once each. */
class SessionListenersTest {
  /** Writes its name into a shared log when told. */
  public static class Recorder implements SessionAware {
    private String name;
    private ArrayList<String> log;

    Recorder(String name, ArrayList<String> log) {
      this.name = name;
      this.log = log;
    }

    private Recorder() {} // for snapshots

    @Override
    public void sessionExpired(long clientId) {
      log.add(name + ":" + clientId);
    }
  }

  /** A listener with a bug. */
  public static class Failing implements SessionAware {
    @Override
    public void sessionExpired(long clientId) {
      throw new IllegalStateException("a buggy listener");
    }
  }

  public static class Base {
    final ArrayList<String> log = new ArrayList<>();
    final Recorder base = new Recorder("base", log);
  }

  /** Listeners in plain fields, a list, an array and a map, and one held twice. */
  public static class Holder extends Base implements SessionAware {
    final Recorder zed = new Recorder("zed", log);
    final Recorder alpha = new Recorder("alpha", log);
    final ArrayList<Recorder> many =
        new ArrayList<>(List.of(new Recorder("many0", log), new Recorder("many1", log)));
    final ArrayList<String> names = new ArrayList<>(List.of("not a listener"));
    final Recorder[] array = {new Recorder("array0", log)};
    final TreeMap<String, Recorder> map = new TreeMap<>();
    final Recorder again = alpha;
    final Failing failing = new Failing();

    public Holder() {
      map.put("k", new Recorder("map0", log));
    }

    public List<String> log() {
      return log;
    }

    @Override
    public void sessionExpired(long clientId) {
      log.add("self:" + clientId);
    }
  }

  /** A plain object that keeps a lock in a field and has no callback of its own. */
  public static class Guarded {
    private final FencedLock lock = new FencedLock();

    public long acquire(Caller caller) {
      return lock.acquire(caller);
    }

    public Long holder() {
      return lock.holder();
    }
  }

  /** A reentrant lock under another name: the host must not search the primitive's fields. */
  public static class Renamed extends FencedReentrantLock {}

  @Test
  void fieldsAreToldInClassThenNameOrderOnceEachThenTheObject() {
    ObjectHost host = new ObjectHost(Holder.class);
    host.sessionExpired(7);
    assertEquals(
        List.of("alpha:7", "array0:7", "many0:7", "many1:7", "map0:7", "zed:7", "base:7", "self:7"),
        ok(call(host, "log")));
  }

  @Test
  void anObjectHoldingALockInAFieldNeedsNoCallbackForItsHolderToExpire() {
    ObjectHost host = new ObjectHost(Guarded.class);
    ok(call(host, 1, 1, "acquire"));
    assertTrue(call(host, 2, 1, "acquire").isParked());
    List<Release> releases = host.sessionExpired(1);
    assertEquals(List.of(2L), releases.stream().map(Release::clientId).toList());
    assertEquals(2L, ok(call(host, 3, 1, "holder")));
  }

  @Test
  void thePrimitivesOwnPartsAreLeftToThePrimitive() {
    ObjectHost host = new ObjectHost(Renamed.class);
    ok(call(host, 1, 1, "acquire"));
    ok(call(host, 1, 2, "acquire"));
    assertTrue(call(host, 2, 1, "acquire").isParked());
    host.sessionExpired(1);
    assertEquals(1L, ok(call(host, 2, 2, "count")), "the new holder's count starts afresh");
  }
}
