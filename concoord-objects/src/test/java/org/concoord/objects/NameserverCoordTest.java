package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.ok;
import static org.concoord.objects.Calls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class NameserverCoordTest {
  private final ObjectHost host = new ObjectHost(NameserverCoord.class);

  @Test
  void registeredNodesAreLookedUpByDomainSortedAndNormalized() {
    assertEquals(
        true, ok(call(host, 1, 1, "register", "Counter.Example.org", "replica", "10.0.0.2:14000")));
    call(host, 1, 2, "register", "counter.example.org.", "ACCEPTOR", "10.0.0.3:14001");
    assertEquals(
        false,
        ok(call(host, 1, 3, "register", "counter.example.org", "REPLICA", "10.0.0.2:14000")));
    assertEquals(
        List.of("ACCEPTOR 10.0.0.3:14001", "REPLICA 10.0.0.2:14000"),
        ok(call(host, 1, 4, "lookup", "COUNTER.example.org")));
    assertEquals(
        List.of("10.0.0.2:14000"),
        ok(call(host, 1, 5, "lookup", "counter.example.org", "replica")));
    assertEquals(List.of("counter.example.org."), ok(call(host, 1, 6, "domains")));
  }

  @Test
  void unregisteringTheLastNodeDropsTheDomain() {
    call(host, 1, 1, "register", "a.org", "REPLICA", "h:1");
    assertEquals(true, ok(call(host, 1, 2, "unregister", "a.org", "REPLICA", "h:1")));
    assertEquals(false, ok(call(host, 1, 3, "unregister", "a.org", "REPLICA", "h:1")));
    assertEquals(List.of(), ok(call(host, 1, 4, "domains")));
    assertEquals(List.of(), ok(call(host, 1, 5, "lookup", "a.org")));
  }

  @Test
  void updateReplacesADomainsNodesAndBadNodesAreRefused() {
    call(host, 1, 1, "register", "a.org", "REPLICA", "h:1");
    ok(call(host, 1, 2, "update", "a.org", List.of("NAMESERVER n:53", "replica h:2")));
    assertEquals(
        List.of("NAMESERVER n:53", "REPLICA h:2"), ok(call(host, 1, 3, "lookup", "a.org")));
    assertEquals(
        "java.lang.IllegalArgumentException",
        thrown(call(host, 1, 4, "register", "a.org", "CLIENT", "h:3")));
    assertEquals(
        "java.lang.IllegalArgumentException",
        thrown(call(host, 1, 5, "register", "a.org", "REPLICA", "no-port")));
    assertEquals("java.util.NoSuchElementException", thrown(call(host, 1, 6, "removeDomain", "b")));
  }
}
