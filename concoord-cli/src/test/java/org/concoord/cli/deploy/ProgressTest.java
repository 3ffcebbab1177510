package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void withoutATerminalEveryChangeIsOnePlainLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    int replica = progress.add("replica 0", "127.0.0.2");
    progress.set(replica, Progress.State.COPYING, null);
    progress.set(replica, Progress.State.COPYING, null); // no change, no line
    progress.set(replica, Progress.State.STARTING, "pid 42");
    progress.note("learned a host key");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(
        "replica 0 on 127.0.0.2: placing\nreplica 0 on 127.0.0.2: copying\n"
            + "replica 0 on 127.0.0.2: starting (pid 42)\nlearned a host key\n",
        out);
    assertFalse(out.contains("\033"), "no escape sequences off a terminal");
    assertEquals(Progress.State.STARTING, progress.state(replica));
  }

  @Test
  void onATerminalTheNodeLinesAreRedrawnInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    int replica = progress.add("replica 0", "127.0.0.2");
    progress.add("acceptor 0", "127.0.0.3");
    bytes.reset();
    progress.set(replica, Progress.State.SERVING, null);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\033[2A"), "moves up over the two node lines: " + out);
    assertTrue(
        out.contains("replica 0")
            && out.contains("serving")
            && out.contains("acceptor 0")
            && out.contains("placing"),
        out);
  }
}
