package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
  @Test
  void plainWordsStayAndEverythingElseIsSingleQuoted() {
    assertEquals("/tmp/x/concoord.jar", ShellWords.quote("/tmp/x/concoord.jar"));
    assertEquals("''", ShellWords.quote(""));
    assertEquals("'a b'", ShellWords.quote("a b"));
    assertEquals("'it'\\''s; rm -rf ~'", ShellWords.quote("it's; rm -rf ~"));
    assertEquals("'$(x)'", ShellWords.quote("$(x)"));
    assertEquals("java -cp 'a b' Main", ShellWords.join(List.of("java", "-cp", "a b", "Main")));
  }

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
