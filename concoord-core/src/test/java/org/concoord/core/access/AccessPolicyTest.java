package org.concoord.core.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.concoord.core.command.Call;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  @Test
  void defaultsGiveReadersTheReadMethodsWritersTheRestAndAdminsTheReservedCalls() {
    AccessPolicy policy = new AccessPolicy();
    policy.apply(List.of("grant", "alice", "reader"));
    assertNull(policy.refusal("alice", "Counter", "get", AccessRole.READER));
    assertNotNull(policy.refusal("alice", "Counter", "increment", null));
    assertNull(policy.refusal("bob", "Counter", "increment", null));
    assertNotNull(policy.refusal("bob", "Counter", "__concoordinit__", null));
    assertNotNull(policy.refusal("bob", "Counter", Call.ACL_METHOD, null));
    assertNull(policy.refusal("admin", "Counter", "__concoordinit__", null));
    assertNull(policy.refusal("", "Counter", Call.ACL_METHOD, null), "plaintext: no identity");
    assertNull(policy.refusal("alice", "Counter", Call.KEEPALIVE_METHOD, null));
  }

  @Test
  void nameserverMethodsTakeOnlyNodePrincipalsAndAdmins() {
    AccessPolicy policy = new AccessPolicy();
    AccessRole update = AccessRole.NAMESERVER;
    assertNull(policy.refusal("node:10.0.0.1:14000", "NameserverCoord", "update", update));
    assertNotNull(policy.refusal("bob", "NameserverCoord", "update", update));
    assertNotNull(policy.refusal("node:10.0.0.1:14000", "NameserverCoord", "put", null));
    assertNull(policy.refusal("admin", "NameserverCoord", "update", update));
    policy.apply(List.of("grant", "node:10.0.0.1:14000", "none"));
    assertNotNull(policy.refusal("node:10.0.0.1:14000", "NameserverCoord", "update", update));
  }

  @Test
  void theMostSpecificObjectPatternWins() {
    AccessPolicy policy = new AccessPolicy();
    policy.apply(List.of("rule", "*", "put", "admin"));
    policy.apply(List.of("rule", "orders*", "put", "writer"));
    policy.apply(List.of("rule", "orders-eu", "put", "reader"));
    assertEquals(AccessRole.ADMIN, policy.needs("users", "put", null));
    assertEquals(AccessRole.WRITER, policy.needs("orders-us", "put", null));
    assertEquals(AccessRole.READER, policy.needs("orders-eu", "put", null));
    policy.apply(List.of("unrule", "orders-eu", "put"));
    assertEquals(AccessRole.WRITER, policy.needs("orders-eu", "put", null));
  }

  @Test
  void malformedCommandsChangeNothing() {
    AccessPolicy policy = new AccessPolicy();
    byte[] before = policy.export();
    assertThrows(IllegalArgumentException.class, () -> policy.apply(List.of("grant", "x")));
    assertThrows(
        IllegalArgumentException.class, () -> policy.apply(List.of("grant", "x", "superuser")));
    assertThrows(IllegalArgumentException.class, () -> policy.apply(List.of("revoke", "admin")));
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.apply(List.of("rule", "*", "__concoordinit__", "writer")));
    assertThrows(IllegalArgumentException.class, () -> policy.apply(List.of("frobnicate")));
    assertArrayEquals(before, policy.export());
  }

  @Test
  void exportAndRestoreGiveAnEqualPolicy() {
    AccessPolicy policy = new AccessPolicy();
    policy.apply(List.of("grant", "alice", "reader"));
    policy.apply(List.of("default", "none"));
    policy.apply(List.of("rule", "*", "get", "writer"));
    AccessPolicy copy = new AccessPolicy();
    copy.restore(policy.export());
    assertEquals(policy.describe(), copy.describe());
    assertArrayEquals(policy.export(), copy.export());
    assertEquals(AccessRole.NONE, copy.roleOf("zed"));
    assertThrows(IllegalArgumentException.class, () -> copy.restore(new byte[] {1, 2, 3}));
    assertEquals(policy.describe(), copy.describe());
  }

  private static final String HASH = "a".repeat(64);
  private static final String OTHER = "b".repeat(64);

  @Test
  void aTokenNamesItsPrincipalUntilRevokedAndOnlyItsHashIsKept() {
    AccessPolicy policy = new AccessPolicy();
    byte[] before = policy.export();
    policy.apply(List.of("grant", "carol", "reader"));
    byte[] noTokens = policy.export();
    policy.apply(List.of("token", "carol", HASH));
    policy.apply(List.of("token", "carol", OTHER));
    assertEquals("carol", policy.principalOfToken(HASH));
    assertEquals("carol", policy.principalOfToken(OTHER));
    assertNull(policy.principalOfToken("c".repeat(64)));
    assertEquals(AccessRole.READER, policy.roleOf(policy.principalOfToken(HASH)));
    String shown = policy.describe();
    assertEquals(true, shown.contains("token carol sha256:aaaaaaaaaaaa..."), shown);
    assertEquals(false, shown.contains(HASH), "the whole hash is not shown: " + shown);
    AccessPolicy copy = new AccessPolicy();
    copy.restore(policy.export());
    assertEquals("carol", copy.principalOfToken(HASH));
    assertArrayEquals(policy.export(), copy.export());
    policy.apply(List.of("untoken", "carol"));
    assertNull(policy.principalOfToken(HASH));
    assertNull(policy.principalOfToken(OTHER));
    assertArrayEquals(noTokens, policy.export(), "without tokens, the format older replicas read");
    assertEquals(false, java.util.Arrays.equals(before, noTokens));
  }

  @Test
  void malformedTokenCommandsChangeNothing() {
    AccessPolicy policy = new AccessPolicy();
    policy.apply(List.of("token", "dave", HASH));
    byte[] before = policy.export();
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.apply(List.of("token", "eve", HASH)),
        "a hash taken");
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.apply(List.of("token", "eve", "A".repeat(64))),
        "upper-case hex");
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.apply(List.of("token", "eve", "ab")),
        "too short");
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.apply(List.of("token", "node:10.0.0.1:1", OTHER)),
        "a node principal");
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.apply(List.of("untoken", "eve")),
        "no token names eve");
    assertArrayEquals(before, policy.export());
  }
}
