package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class KvMapTest {
  private final ObjectHost host = new ObjectHost(KvMap.class);

  @Test
  void putGetAndRemoveWithVersions() {
    assertNull(ok(call(host, 1, 1, "get", "k")));
    assertEquals(versioned(null, 0L), ok(call(host, 1, 2, "getVersioned", "k")));
    assertEquals(1L, ok(call(host, 1, 3, "put", "k", "v")));
    assertEquals(versioned("v", 1L), ok(call(host, 1, 4, "getVersioned", "k")));
    assertEquals(true, ok(call(host, 1, 5, "remove", "k")));
    assertEquals(false, ok(call(host, 1, 6, "remove", "k")));
    assertEquals(0L, ok(call(host, 1, 7, "version", "k")));
  }

  @Test
  void compareAndSetSucceedsOnlyAtTheExpectedVersion() {
    assertEquals(1L, ok(call(host, 1, 1, "compareAndSet", "k", 0, "a")), "0 expects absent");
    assertEquals(-1L, ok(call(host, 2, 1, "compareAndSet", "k", 0, "b")));
    assertEquals(2L, ok(call(host, 2, 2, "compareAndSet", "k", 1, "b")));
    assertEquals("b", ok(call(host, 1, 2, "get", "k")));
  }

  @Test
  void aKeyRemovedAndPutAgainNeverReusesAVersion() {
    call(host, 1, 1, "put", "k", "a");
    call(host, 1, 2, "remove", "k");
    assertEquals(3L, ok(call(host, 1, 3, "put", "k", "a")));
    assertEquals(-1L, ok(call(host, 1, 4, "compareAndSet", "k", 1, "x")), "no ABA");
  }

  @Test
  void compareAndSwapComparesValues() {
    assertEquals(true, ok(call(host, 1, 1, "compareAndSwap", "k", null, "a")));
    assertEquals(false, ok(call(host, 1, 2, "compareAndSwap", "k", "z", "b")));
    assertEquals(true, ok(call(host, 1, 3, "compareAndSwap", "k", "a", "b")));
    assertEquals(List.of("k"), ok(call(host, 1, 4, "keys")));
  }

  /** A Versioned record as a reply decodes untyped: a map by component name. */
  private static java.util.Map<String, Object> versioned(String value, long version) {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("value", value);
    map.put("version", version);
    return map;
  }
}
