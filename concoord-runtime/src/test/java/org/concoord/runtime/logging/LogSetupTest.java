package org.concoord.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** java.util.logging calls end in Logback: JSON with the node's MDC fields, and files rotate. */
class LogSetupTest {
  private static final Logger LOG = Logger.getLogger(LogSetupTest.class.getName());

  @TempDir Path dir;

  @AfterEach
  void backToStandardError() {
    LogSetup.configure(LogSetup.Format.TEXT, null);
  }

  @Test
  void julLinesBecomeJsonWithTheNodeThreadsFields() throws Exception {
    Path file = dir.resolve("node.log");
    LogSetup.configure(LogSetup.Format.JSON, file);
    NodeLogContext context = new NodeLogContext(NodeId.of("127.0.0.1:7"), Role.REPLICA);
    context.update("3@127.0.0.1:7", 42);
    context.method("increment");
    LOG.info("a \"quoted\" line");
    context.clearMethod();
    LOG.warning("without a method");
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size(), lines.toString());
    String first = lines.get(0);
    assertTrue(first.startsWith("{") && first.endsWith("}"), first);
    assertTrue(first.contains("\"level\":\"INFO\""), first);
    assertTrue(first.contains("\"message\":\"a \\\"quoted\\\" line\""), first);
    for (String field :
        List.of(
            "\"node\":\"127.0.0.1:7\"",
            "\"role\":\"replica\"",
            "\"ballot\":\"3@127.0.0.1:7\"",
            "\"slot\":\"42\"",
            "\"method\":\"increment\"")) {
      assertTrue(first.contains(field), field + " in " + first);
    }
    assertFalse(lines.get(1).contains("\"method\""), lines.get(1));
  }

  @Test
  void theLogFileRotatesAtItsSizeAndKeepsFiveMore() throws Exception {
    Path file = dir.resolve("node.log");
    LogSetup.configure(LogSetup.Format.TEXT, file);
    String line = "x".repeat(1000);
    for (int i = 0; i < 12_000; i++) { // 12 MB: past the 10 MB limit once
      LOG.info(line);
    }
    // Logback looks at the size at most every 100 ms, and 12 MB may be written faster than that
    // on a quiet machine: keep logging, a line at a time, until it has looked (bounded).
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(dir.resolve("node.log.1")) && System.nanoTime() < deadline) {
      LOG.info(line);
      Thread.sleep(5);
    }
    assertTrue(Files.exists(dir.resolve("node.log.1")), "rolled once");
    assertTrue(Files.size(file) < 10L << 20, "the live file starts again: " + Files.size(file));
    assertTrue(Files.readString(file).contains(" INFO  "), "text lines");
  }
}
