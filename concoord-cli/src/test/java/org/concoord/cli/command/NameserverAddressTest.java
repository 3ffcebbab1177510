package org.concoord.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NameserverAddressTest {
  @Test
  void aNameserverAddressWithoutAPortGetsOne() {
    assertEquals("127.0.0.2:5353", NameserverCommand.withPort("127.0.0.2:5353"));
    assertEquals("[::1]:5353", NameserverCommand.withPort("[::1]:5353"));
    String chosen = NameserverCommand.withPort("127.0.0.1");
    int port = Integer.parseInt(chosen.substring("127.0.0.1:".length()));
    assertEquals(true, port >= 14000 && port <= 15000, chosen);
    assertEquals(true, NameserverCommand.withPort("::1").startsWith("::1:"));
  }
}
