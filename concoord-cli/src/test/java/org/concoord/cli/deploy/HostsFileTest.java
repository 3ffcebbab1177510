package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostsFileTest {
  @Test
  void readsHostPortAddressUserAndJavaSkippingCommentsAndBlankLines() {
    List<HostsFile.Host> hosts =
        HostsFile.parse(
            List.of(
                "# the lab",
                "",
                "127.0.0.2",
                "127.0.0.3:2222   # a comment",
                "deploy@node4.example:22 10.0.0.4 java=/opt/jdk17/bin/java",
                "[::1]:2200",
                "::1a"),
            "hosts");
    assertEquals(new HostsFile.Host(null, "127.0.0.2", 0, "127.0.0.2", null), hosts.get(0));
    assertEquals(new HostsFile.Host(null, "127.0.0.3", 2222, "127.0.0.3", null), hosts.get(1));
    assertEquals(
        new HostsFile.Host("deploy", "node4.example", 22, "10.0.0.4", "/opt/jdk17/bin/java"),
        hosts.get(2));
    assertEquals(new HostsFile.Host(null, "::1", 2200, "::1", null), hosts.get(3));
    assertEquals(new HostsFile.Host(null, "::1a", 0, "::1a", null), hosts.get(4));
    assertEquals("[::1]:2200", hosts.get(3).label());
  }

  @Test
  void aHostWrittenOutReadsBackTheSame() {
    for (String line : List.of("127.0.0.2", "u@h:23 10.1.1.1 java=/j", "[::1]:2200 ::1", "h j")) {
      HostsFile.Host host = HostsFile.parseLine(line);
      assertEquals(host, HostsFile.parseLine(host.toLine()), line);
    }
  }

  @Test
  void badLinesNameTheLineAndWhatIsWrong() {
    assertMessage("hosts line 2: SSH port 'x' is not in 1-65535", List.of("a", "b:x"));
    assertMessage("hosts line 1: SSH port '0' is not in 1-65535", List.of("b:0"));
    assertMessage("hosts line 1: '[' without ']'", List.of("[::1:22"));
    assertMessage("hosts line 1: unexpected 'extra'", List.of("h addr extra"));
    assertMessage(
        "hosts line 3: address 127.0.0.2 appears twice",
        List.of("127.0.0.2", "h2", "h3 127.0.0.2"));
    assertMessage("hosts line 1: empty user", List.of("@h"));
  }

  private static void assertMessage(String expected, List<String> lines) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostsFile.parse(lines, "hosts"));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
