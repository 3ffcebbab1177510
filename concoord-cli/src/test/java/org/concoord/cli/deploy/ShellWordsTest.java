package org.concoord.cli.deploy;

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
}
