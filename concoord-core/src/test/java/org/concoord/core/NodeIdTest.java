package org.concoord.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodeIdTest {
  @Test
  void aNodeOnOnePortServesPeersAndClientsThere() {
    NodeId node = NodeId.of("127.0.0.1:14123");
    assertEquals("127.0.0.1:14123", node.peerAddress());
    assertEquals("127.0.0.1:14123", node.clientAddress());
  }

  @Test
  void aClientPortAfterTheSlashIsWhereClientsGo() {
    NodeId node = NodeId.of("10.0.0.1:14123/14124");
    assertEquals("10.0.0.1:14123", node.peerAddress());
    assertEquals("10.0.0.1:14124", node.clientAddress());
    NodeId v6 = NodeId.of("[::1]:7000/7001");
    assertEquals("[::1]:7000", v6.peerAddress());
    assertEquals("[::1]:7001", v6.clientAddress());
  }

  @Test
  void aSlashNotFollowedByAPortIsPartOfTheAddress() {
    for (String text : new String[] {"host/x:1", "host:1/", "host:1/2a", "a/b"}) {
      NodeId node = NodeId.of(text);
      assertEquals(text, node.peerAddress(), text);
      assertEquals(text, node.clientAddress(), text);
    }
  }
}
