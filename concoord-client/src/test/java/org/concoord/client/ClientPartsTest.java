package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.session.SessionConfig;
import org.junit.jupiter.api.Test;

/** The small parts: bootstrap parsing, TypeRef, options, backoff. */
class ClientPartsTest {
  /** A field whose generic type the JDK builds, to compare TypeRef with. */
  @SuppressWarnings("unused")
  private Map<String, List<Long>> sample;

  @Test
  void bootstrapListKeepsItsCyclicOrderFromARandomStart() {
    List<NodeId> given = List.of(NodeId.of("a:1"), NodeId.of("b:2"), NodeId.of("c:3"));
    for (int i = 0; i < 20; i++) {
      List<NodeId> nodes = new ArrayList<>(StaticBootstrap.parse(" a:1, b:2 ,c:3").nodes());
      Collections.rotate(nodes, -nodes.indexOf(NodeId.of("a:1")));
      assertEquals(given, nodes);
    }
    assertEquals("a:1,b:2,c:3", new StaticBootstrap(given).describe());
  }

  @Test
  void bootstrapAcceptsHostNamesAndBracketedIpv6() {
    java.net.InetSocketAddress named = StaticBootstrap.address(NodeId.of("db.example:7000"));
    assertEquals("db.example", named.getHostString());
    assertEquals(7000, named.getPort());
    assertTrue(named.isUnresolved()); // looked up when connecting, not when parsing
    assertEquals("::1", StaticBootstrap.address(NodeId.of("[::1]:7000")).getHostString());
  }

  @Test
  void bootstrapRefusesWhatIsNotHostColonPortNamingTheEntry() {
    for (String bad : List.of("", "a:1,,b:2", "a", "a:", ":7", "a:x", "a:70000", "::1:7")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> StaticBootstrap.parse(bad), bad);
      assertTrue(e.getMessage().length() > 0);
    }
  }

  @Test
  void typeRefEqualsTheJdksTypeForTheSameGenericType() throws Exception {
    Type jdk = ClientPartsTest.class.getDeclaredField("sample").getGenericType();
    Type ours = TypeRef.of(Map.class, String.class, TypeRef.of(List.class, Long.class));
    assertEquals(jdk, ours);
    assertEquals(ours, jdk);
    assertEquals(jdk.hashCode(), ours.hashCode());
    assertEquals(
        "java.util.Map<java.lang.String, java.util.List<java.lang.Long>>", ours.getTypeName());
    assertEquals(String.class, TypeRef.of(String.class));
  }

  @Test
  void typeRefRefusesTheWrongNumberOfTypeArguments() {
    assertThrows(IllegalArgumentException.class, () -> TypeRef.of(Map.class, String.class));
    assertThrows(IllegalArgumentException.class, () -> TypeRef.of(String.class, Long.class));
  }

  @Test
  void optionsRefuseNonPositiveTimeoutsAndBounds() {
    ClientOptions d = ClientOptions.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withCallTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> d.withRequestTimeout(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> d.withOutstandingMax(0));
    assertEquals(Duration.ofSeconds(60), d.callTimeout());
  }

  @Test
  void failoversFollowTheFirstHintsAtOnceThenBackOffExponentiallyUpToASecond() {
    // The client's session runs on ticks of Link.TICK_MILLIS (10 ms).
    SessionConfig config = SessionConfig.of(2000, Link.TICK_MILLIS);
    assertEquals(200, config.requestTimeoutTicks());
    assertEquals(0, config.backoffTicks(0, false));
    assertEquals(0, config.backoffTicks(2, true));
    assertEquals(3, config.backoffTicks(1, false)); // 30 ms
    assertEquals(6, config.backoffTicks(2, false));
    assertEquals(12, config.backoffTicks(3, true));
    assertEquals(100, config.backoffTicks(50, true)); // 1 s
  }
}
