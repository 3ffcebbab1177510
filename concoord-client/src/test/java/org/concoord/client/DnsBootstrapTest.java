package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.concoord.client.TestReplicaServer.Mode;
import org.concoord.core.NodeId;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/** Bootstraps given as a domain name, looked up in a canned DNS server on loopback. */
class DnsBootstrapTest {
  static final String SRV = "_concoord._tcp.counterdomain.";
  TinyDnsServer dns;

  @BeforeEach
  void start() throws Exception {
    dns = new TinyDnsServer();
  }

  @AfterEach
  void stop() throws Exception {
    dns.close();
  }

  static SRVRecord srv(int priority, int port, String target) {
    return new SRVRecord(
        Name.fromConstantString(SRV),
        DClass.IN,
        1,
        priority,
        1,
        port,
        Name.fromConstantString(target));
  }

  static ARecord a(String name, String address) throws Exception {
    return new ARecord(Name.fromConstantString(name), DClass.IN, 1, InetAddress.getByName(address));
  }

  String bootstrap() {
    return "counterdomain@" + dns.address();
  }

  @Test
  void aDomainIsOneEntryWithoutAPortOrAnythingWithAnAt() {
    assertTrue(DnsBootstrap.isDomain("counterdomain"));
    assertTrue(DnsBootstrap.isDomain("counterdomain@127.0.0.1:5353"));
    assertTrue(DnsBootstrap.isDomain("concoord.example.org"));
    assertFalse(DnsBootstrap.isDomain("127.0.0.1:14123"));
    assertFalse(DnsBootstrap.isDomain("[::1]:14123"));
    assertFalse(DnsBootstrap.isDomain("a:1,b:2"));
    assertFalse(DnsBootstrap.isDomain(" "));
  }

  @Test
  void srvTargetsBecomeNodesWithTheirPortsAndGlueAddresses() throws Exception {
    dns.answer(
        SRV,
        Type.SRV,
        List.of(
            srv(0, 14123, "r1.counterdomain."),
            srv(0, 14124, "r2.counterdomain."),
            srv(5, 14125, "r3.counterdomain.")),
        List.of(
            a("r1.counterdomain.", "127.0.0.1"),
            a("r2.counterdomain.", "127.0.0.2"),
            new AAAARecord(
                Name.fromConstantString("r3.counterdomain."),
                DClass.IN,
                1,
                InetAddress.getByName("::1"))));

    DnsBootstrap resolved = DnsBootstrap.resolve(bootstrap());

    List<NodeId> nodes = resolved.nodes();
    assertEquals(
        Set.of(NodeId.of("127.0.0.1:14123"), NodeId.of("127.0.0.2:14124")),
        Set.copyOf(nodes.subList(0, 2)),
        "priority 0 first");
    assertEquals(NodeId.of("[0:0:0:0:0:0:0:1]:14125"), nodes.get(2));
    assertEquals(bootstrap(), resolved.describe());
  }

  @Test
  void aTargetWithoutGlueIsLookedUpAndOneUnknownThereIsLeftToTheSystem() throws Exception {
    dns.answer(
        SRV,
        Type.SRV,
        List.of(srv(0, 14123, "r1.counterdomain."), srv(1, 14124, "node9.example.org.")),
        List.of());
    dns.answer(
        "r1.counterdomain.", Type.A, List.of(a("r1.counterdomain.", "127.0.0.3")), List.of());

    List<NodeId> nodes = DnsBootstrap.resolve(bootstrap()).nodes();

    assertEquals(
        List.of(NodeId.of("127.0.0.3:14123"), NodeId.of("node9.example.org:14124")), nodes);
  }

  @Test
  void withoutSrvTheDomainsAddressesWithTheDefaultPort() throws Exception {
    dns.answer("counterdomain.", Type.A, List.of(a("counterdomain.", "127.0.0.4")), List.of());

    List<NodeId> nodes = DnsBootstrap.resolve(bootstrap()).nodes();

    assertEquals(List.of(NodeId.of("127.0.0.4:" + DnsBootstrap.DEFAULT_PORT)), nodes);
  }

  @Test
  void aDomainWithNoNodeIsUnavailableNamingIt() {
    ConcoordUnavailableException e =
        assertThrows(ConcoordUnavailableException.class, () -> DnsBootstrap.resolve(bootstrap()));
    assertTrue(e.getMessage().contains("_concoord._tcp.counterdomain."), e.getMessage());
  }

  @Test
  void badServerTextIsAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DnsBootstrap.resolve("counterdomain@127.0.0.1:notaport"));
    assertTrue(e.getMessage().contains("DNS server"), e.getMessage());
  }

  @Test
  void refreshReplacesTheNodesOnlyWhenTheAnswerChanged() throws Exception {
    dns.answer(
        SRV,
        Type.SRV,
        List.of(srv(0, 14123, "r1.counterdomain.")),
        List.of(a("r1.counterdomain.", "127.0.0.1")));
    DnsBootstrap resolved = DnsBootstrap.resolve(bootstrap());

    assertFalse(resolved.refresh(), "same answer");
    dns.answer(
        SRV,
        Type.SRV,
        List.of(srv(0, 14999, "r9.counterdomain.")),
        List.of(a("r9.counterdomain.", "127.0.0.1")));
    assertTrue(resolved.refresh());
    assertEquals(List.of(NodeId.of("127.0.0.1:14999")), resolved.nodes());
    dns.clear();
    assertFalse(resolved.refresh(), "an empty answer keeps the last nodes");
    assertEquals(List.of(NodeId.of("127.0.0.1:14999")), resolved.nodes());
  }

  @Test
  void aClientWhoseEveryNodeFailsLooksTheDomainUpAgainAndReachesTheNewNode() throws Exception {
    try (TestReplicaServer server = TestReplicaServer.start(Counter.class)) {
      NodeId dead = NodeId.of(TestReplicaServer.closedAddress());
      NodeId live = server.node(Mode.LEADER);
      int livePort =
          Integer.parseInt(live.address().substring(live.address().lastIndexOf(':') + 1));
      int deadPort =
          Integer.parseInt(dead.address().substring(dead.address().lastIndexOf(':') + 1));
      dns.answer(
          SRV,
          Type.SRV,
          List.of(srv(0, deadPort, "r1.counterdomain.")),
          List.of(a("r1.counterdomain.", "127.0.0.1")));
      BootstrapResolver resolver = DnsBootstrap.resolve(bootstrap());
      dns.answer(
          SRV,
          Type.SRV,
          List.of(srv(0, livePort, "r2.counterdomain.")),
          List.of(a("r2.counterdomain.", "127.0.0.1")));

      ClientOptions options = ClientOptions.defaults().withConnectTimeout(Duration.ofSeconds(2));
      try (ConcoordClient client = ConcoordClient.connect(resolver, options)) {
        client.invoke("increment", void.class);
        assertEquals(1, (int) client.<Integer>invoke("getvalue", int.class));
      }
      assertEquals(List.of(NodeId.of("127.0.0.1:" + livePort)), resolver.nodes());
    }
  }
}
